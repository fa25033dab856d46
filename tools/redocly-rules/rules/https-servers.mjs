/**
 * `coze/https-servers`: every server URL (root, path and operation level) is absolute and uses an allowed
 * scheme. The API refuses plain HTTP, so a spec that offers it would send clients' tokens in the clear.
 *
 * Options: `schemes` (default `[https]`).
 */
export default function httpsServers({ schemes = ['https'] } = {}) {
  return {
    Server: {
      enter(server, { report, location }) {
        const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(server.url ?? '')?.[1]?.toLowerCase();
        if (scheme && schemes.includes(scheme)) return;
        report({
          message: `Server URL \`${server.url}\` must be absolute and use ${schemes.map((s) => `${s}://`).join(' or ')}.`,
          location: location.child('url'),
        });
      },
    },
  };
}
