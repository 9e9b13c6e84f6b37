// The SHA-256 of a file's bytes, as sha256sum prints it: the one function the
// command, the page, the release scripts and SHA256SUMS all use. Web Crypto,
// which Node (22 and newer) and every browser the page runs in both have.

/** Hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new Uint8Array(bytes)); // a copy: Web Crypto wants a plain ArrayBuffer
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
