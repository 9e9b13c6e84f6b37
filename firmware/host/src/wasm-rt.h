/*
 * photon-netreset's own runtime for wasm2c output, for a Cortex-M3 with no
 * heap to spare. Written for this project; it is not wabt's runtime.
 *
 * Our module has no linear memory, no tables and no recursion, so most of
 * what a general runtime does (mmap'd memories, guard pages, signal
 * handlers, call-stack counting) is left out. The types below exist only so
 * the generated code's inline helpers compile; nothing here allocates.
 * A trap calls wasm_rt_trap(), which logs the reason and leaves the device in
 * a safe state (see wasm_rt_trap.cpp).
 */
#ifndef PHOTON_NETRESET_WASM_RT_H
#define PHOTON_NETRESET_WASM_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * wasm2c's output trips -Wall in ways that are its idiom, not bugs: TRAP(x) is
 * a comma expression whose value goes unused, and it defines float helpers
 * our module never calls. Device OS builds user code with -Wall -Wundef
 * -Werror and a Particle project cannot set flags per file, so these warnings
 * are switched off here for the generated file. Our own code includes this
 * header between push and pop (wasm_program.cpp), so it keeps every warning.
 */
#pragma GCC diagnostic ignored "-Wunused-value"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"

/* wasm2c's output checks __STDC_VERSION__ for static_assert; C++14 has it. */
#if defined(__cplusplus) && !defined(__STDC_VERSION__)
#define __STDC_VERSION__ 201112L
#endif

/* The Cortex-M3 (and every host we test on) is little-endian, like wasm. */
#define WABT_BIG_ENDIAN 0

/* Features this runtime does not provide; the generated code checks them. */
#define WASM_RT_USE_SEGUE 0
#define WASM_RT_SEGUE_FREE_SEGMENT 0
#define WASM_RT_SANITY_CHECKS 0
#define WASM_RT_MEMCHECK_GUARD_PAGES 0
#define WASM_RT_STACK_DEPTH_COUNT 0
#define WASM_RT_MERGED_OOB_AND_EXHAUSTION_TRAPS 0
#define WASM_RT_NONCONFORMING_UNCHECKED_STACK_EXHAUSTION 0

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define WASM_RT_NO_RETURN __attribute__((noreturn))
#define WASM_RT_UNREACHABLE __builtin_unreachable()
#define WASM_RT_THREAD_LOCAL
#define wasm_rt_memcpy memcpy

/* Why the module stopped. */
typedef enum {
  WASM_RT_TRAP_NONE,
  WASM_RT_TRAP_OOB,
  WASM_RT_TRAP_INT_OVERFLOW,
  WASM_RT_TRAP_DIV_BY_ZERO,
  WASM_RT_TRAP_INVALID_CONVERSION,
  WASM_RT_TRAP_UNREACHABLE,
  WASM_RT_TRAP_CALL_INDIRECT,
  WASM_RT_TRAP_UNCAUGHT_EXCEPTION,
  WASM_RT_TRAP_UNALIGNED,
  WASM_RT_TRAP_NULL_REF,
  WASM_RT_TRAP_EXHAUSTION,
} wasm_rt_trap_t;

/* Value types, as the generated get_func_type() names them. */
typedef enum {
  WASM_RT_I32,
  WASM_RT_I64,
  WASM_RT_F32,
  WASM_RT_F64,
  WASM_RT_V128,
  WASM_RT_FUNCREF,
  WASM_RT_EXTERNREF,
  WASM_RT_EXNREF,
} wasm_rt_type_t;

typedef void (*wasm_rt_function_ptr_t)(void);
typedef const char* wasm_rt_func_type_t;

struct wasm_rt_tailcallee_t;
typedef void (*wasm_rt_tailcallee_fn)(void** instance_ptr, void* tail_call_stack,
                                      struct wasm_rt_tailcallee_t* next);
typedef struct wasm_rt_tailcallee_t {
  wasm_rt_tailcallee_fn fn;
} wasm_rt_tailcallee_t;

typedef struct {
  wasm_rt_func_type_t func_type;
  wasm_rt_function_ptr_t func;
  wasm_rt_tailcallee_t func_tailcallee;
  void* module_instance;
} wasm_rt_funcref_t;

typedef void* wasm_rt_externref_t;

#define wasm_rt_funcref_null_value ((wasm_rt_funcref_t){NULL, NULL, {NULL}, NULL})
#define wasm_rt_externref_null_value ((wasm_rt_externref_t){NULL})

/* A linear memory. Never instantiated by our module; declared for the helpers. */
typedef struct {
  uint8_t* data;
  uint64_t pages;
  uint64_t max_pages;
  uint64_t size;
  bool is64;
} wasm_rt_memory_t;

/* Shared memories need threads; ours has none, so it is the same shape. */
typedef wasm_rt_memory_t wasm_rt_shared_memory_t;

typedef struct {
  wasm_rt_funcref_t* data;
  uint32_t max_size;
  uint32_t size;
} wasm_rt_funcref_table_t;

typedef struct {
  wasm_rt_externref_t* data;
  uint32_t max_size;
  uint32_t size;
} wasm_rt_externref_table_t;

/* Stops the program: logs why and parks the device safely. Never returns. */
WASM_RT_NO_RETURN void wasm_rt_trap(wasm_rt_trap_t trap);

/* There is nothing to set up, so the runtime is always ready. */
static inline bool wasm_rt_is_initialized(void) { return true; }

#ifdef __cplusplus
}
#endif

#endif /* PHOTON_NETRESET_WASM_RT_H */
