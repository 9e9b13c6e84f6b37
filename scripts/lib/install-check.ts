// The last proof of a release: the packed package, installed from its tarball
// in an empty folder, flashes its own firmware onto a simulated Photon.

export const SIMULATED_FLASH = ["flash", "--simulate", "forum-static-ip-external-antenna", "--json", "--no-wifi"];

export type InstallVerdict = { ok: true; message: string } | { ok: false; pending: boolean; message: string };

export function installVerdict(r: { status: number | null; stdout: string; stderr: string }): InstallVerdict {
  const output = `${r.stdout}\n${r.stderr}`;
  if (/Unknown option '--simulate'/.test(output)) {
    return { ok: false, pending: true, message: "the packed CLI has no --simulate yet (issue 10 adds `flash --simulate SCENARIO`): the installed package could not be proven to flash its own firmware" };
  }
  let json: { ok?: boolean; devices?: { result?: string }[] } | null = null;
  try { json = JSON.parse(r.stdout); } catch { /* reported below */ }
  if (r.status === 0 && json?.ok === true && json.devices?.length && json.devices.every((d) => d.result === "recovered")) {
    return { ok: true, message: `the installed package flashed its own firmware onto a simulated Photon: ${json.devices.length} device(s) recovered` };
  }
  return { ok: false, pending: false, message: `the installed package's flash --simulate exited ${r.status}${json ? ` with ${JSON.stringify(json)}` : ""}\n${output.trim()}` };
}
