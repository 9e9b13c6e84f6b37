/*
 * Start-up for the native harness on QEMU's netduino2 (STM32F205, the
 * Photon's MCU): the vector table, RAM set-up, static constructors, then
 * the fake Device OS's main(). Its stdin/stdout are the computer's, through
 * ARM semihosting (newlib's librdimon), which QEMU answers. Not firmware:
 * on a Photon, Device OS does all of this.
 */
#include <stdint.h>
#include <stdlib.h>

extern uint32_t __etext_data[], __data_start[], __data_end[], __bss_start[], __bss_end[], __stack_top[];
extern void __libc_init_array(void);
extern void initialise_monitor_handles(void);
extern int main(void);

/* __libc_init_array calls these; crti.o, which has them, is not linked (-nostartfiles). */
void _init(void) {}
void _fini(void) {}

void Reset_Handler(void) {
    for (uint32_t *src = __etext_data, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
    for (uint32_t* dst = __bss_start; dst < __bss_end;) *dst++ = 0;
    initialise_monitor_handles(); /* semihosting stdin/stdout/stderr */
    __libc_init_array();          /* SYSTEM_MODE(), STARTUP(), the globals' constructors */
    exit(main());
}

/* A fault is a bug in the code under test: say so and stop QEMU. */
static void Fault_Handler(void) {
    extern int puts(const char*);
    puts("fault: the Cortex-M3 took an exception (HardFault, MemManage, BusFault or UsageFault)");
    exit(70);
}

/* The initial stack pointer, then the handlers, as the Cortex-M3 reads them at reset. */
__attribute__((section(".isr_vector"), used)) static void (*const vectors[])(void) = {
    (void (*)(void))__stack_top, Reset_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler,
};
