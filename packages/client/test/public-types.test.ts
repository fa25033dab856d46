// The public declaration files, as `pnpm build` writes them, read well in an editor: methods take a documented
// params type and the runtime's RequestOptions (no bundler renames such as `Options$1`, no generic that does
// nothing), hovering a parameter shows its description and range, and no exported name shadows a global or
// carries a numeric suffix.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const declarationFiles = ['dist/index.d.ts', 'dist/index.d.cts', 'dist/fetch.d.ts', 'dist/fetch.d.cts'];
const consumerDir = `${packageDir}test/consumer/`;
const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  types: [],
};

/** A language service over real files plus one in-memory file in test/consumer (which resolves @coze/client). */
function languageService(fileName: string, text: string) {
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => compilerOptions,
    getScriptFileNames: () => [fileName],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const content = name === fileName ? text : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => consumerDir,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => name === fileName || ts.sys.fileExists(name),
    readFile: (name) => (name === fileName ? text : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host);
}

describe('the public .d.ts of @coze/client', () => {
  it.each(declarationFiles)('%s has no bundler renames, namespace-qualified names or no-op generics', async (file) => {
    const text = await readFile(`${packageDir}${file}`, 'utf8');
    expect(text.match(/[\w]\$\d+\b/g) ?? []).toEqual([]);
    expect(text.match(/\b_\$_\w+/g) ?? []).toEqual([]);
    expect(text.match(/ThrowOnError|<true>|Options<never/g) ?? []).toEqual([]);
  });

  it('types every method as (params, RequestOptions) and resolves to the response data', async () => {
    const text = await readFile(`${packageDir}dist/index.d.ts`, 'utf8');
    expect(text).toContain('create(parameters: ChatCreateParams, options?: RequestOptions): APIPromise<Chat>;');
    expect(text).toContain('list(parameters?: WorkflowListParams, options?: RequestOptions): APIPromise<WorkflowList> & AsyncIterable<Workflow>;');
  });

  it('exports no name that shadows a global, and none with a numeric suffix', () => {
    const fileName = `${consumerDir}exports.ts`;
    const service = languageService(fileName, "export * from '@coze/client';\n");
    const program = service.getProgram()!;
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(fileName)!;
    const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).map((symbol) => symbol.name);
    expect(exported).toEqual(expect.arrayContaining(['CozeAPI', 'ErrorBody', 'ChatCreateParams', 'WorkflowId']));

    // Every global of the ES and DOM libraries a user may compile with, as TypeScript itself sees them.
    const libs = ts.createProgram({
      rootNames: [`${consumerDir}globals.ts`],
      options: { ...compilerOptions, lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'] },
      host: Object.assign(ts.createCompilerHost({}), {
        getSourceFile: (name: string, target: ts.ScriptTarget) =>
          name.endsWith('globals.ts')
            ? ts.createSourceFile(name, 'export {};\n', target)
            : ts.createSourceFile(name, ts.sys.readFile(name) ?? '', target),
      }),
    });
    const scope = libs
      .getTypeChecker()
      .getSymbolsInScope(libs.getSourceFile(`${consumerDir}globals.ts`)!, ts.SymbolFlags.Type | ts.SymbolFlags.Value);
    const globals = new Set(scope.map((symbol) => symbol.name));
    expect(globals.has('Error') && globals.has('Response') && globals.has('Partial')).toBe(true);

    expect(exported.filter((name) => globals.has(name))).toEqual([]);
    expect(exported.filter((name) => /\d$/.test(name))).toEqual([]);
  });

  it('shows a parameter’s description and range on hover', () => {
    const fileName = `${consumerDir}hover.ts`;
    const text = "import { CozeAPI } from '@coze/client';\nawait new CozeAPI().chat.create({ messages: [], temperature: 0.5 });\n";
    const info = languageService(fileName, text).getQuickInfoAtPosition(fileName, text.indexOf('temperature') + 2)!;
    expect(ts.displayPartsToString(info.displayParts)).toBe('(property) ChatCreateParams.temperature?: number | undefined');
    expect(ts.displayPartsToString(info.documentation)).toBe(
      'Sampling temperature, from 0 (focused and repeatable) to 1 (varied), inclusive.',
    );
    expect(info.tags?.map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`)).toEqual([
      '@minimum 0',
      '@maximum 1',
      '@default 0.7',
    ]);
  });

  it('shows a path parameter’s description, from its component', () => {
    const fileName = `${consumerDir}hover-path.ts`;
    const text = "import { CozeAPI } from '@coze/client';\nawait new CozeAPI().workflow.get({ workflow_id: 'wf_1' });\n";
    const info = languageService(fileName, text).getQuickInfoAtPosition(fileName, text.indexOf('workflow_id') + 2)!;
    expect(ts.displayPartsToString(info.documentation)).toBe("The workflow's id.");
    expect(info.tags?.map((tag) => tag.name)).toEqual(['maxLength', 'pattern']);
  });
});
