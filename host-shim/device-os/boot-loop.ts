// The one boot loop: boot, and boot again after every boot that ended in a
// reset or power cut, until setup() returns; then Device OS connects if the
// program asked it to. Each driver supplies how one boot runs (the
// WebAssembly program at once, the native host process, the USB Photon in
// scaled real time) and feeds every boot's record to next().
import type { BootRecord } from "../simulated-photon.ts";

/**
 * More boots than this without setup() returning is a boot loop. Device OS
 * has no such limit (a real Photon would reset for ever); the simulator stops
 * there so that a run ends, and the advice says "boot loop".
 */
export const MAX_BOOTS = 10;

export class BootLoop {
  readonly boots: BootRecord[] = [];

  /** `settle`: Device OS after setup() has returned (Particle.connect()'s outcome). */
  constructor(private readonly settle: () => void, private readonly maxBoots = MAX_BOOTS) {}

  /** Records a boot; true: boot again (it reset and the limit is not reached). Settles when the loop is over. */
  next(boot: BootRecord): boolean {
    this.boots.push(boot);
    if (boot.end !== "returned" && this.boots.length < this.maxBoots) return true;
    this.settle();
    return false;
  }

}

/** The boots hit the limit without setup() returning: a boot loop. */
export function bootLoopGaveUp(boots: BootRecord[], maxBoots = MAX_BOOTS): boolean {
  return boots.length >= maxBoots && boots.at(-1)?.end !== "returned";
}
