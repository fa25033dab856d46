import { generate } from 'selfsigned';

/** A key and a self-signed certificate that is its own CA, for an https server on 127.0.0.1 in a test. */
export interface SelfSignedCa {
  /** PEM private key, for the server. */
  key: string;
  /** PEM certificate, for the server and as the client's `ca`. */
  cert: string;
}

/** Valid for a day, for the given IP addresses (subjectAltName), so hostname checks stay on. */
export async function selfSignedCa(ips: string[]): Promise<SelfSignedCa> {
  const pems = await generate([{ name: 'commonName', value: ips[0] ?? '127.0.0.1' }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: ips.map((ip) => ({ type: 7, ip })) },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
