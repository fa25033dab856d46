/** The base of every error this SDK throws: `catch (e) { if (e instanceof CozeError) … }`. */
export class CozeError extends Error {
  override name = 'CozeError';
}
