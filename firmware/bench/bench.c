/*
 * bench --firmware build/firmware.elf --pty /tmp/ttyNANO [--control PORT] [--speed X] [--seed N]
 *
 * Runs the firmware cycle by cycle and keeps simulated time in step with real time times X (default 1: a
 * simulated millisecond takes a real one, so leases and caps mean the same to the daemon). Prints one line
 * `bench ready pty=PATH control=PORT` when the daemon may open the port.
 */
#define _DEFAULT_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <simavr/sim_avr.h>
#include <simavr/avr_extint.h>
#include <simavr/sim_elf.h>
#include <simavr/sim_time.h>
#include "bench.h"

avr_t *avr;
double lagged_us;
static double speed = 1;
#define MAX_LAG_US 5000.0
static volatile sig_atomic_t stop_signal;
static void (*core_reset)(avr_t *);
static int was_reset;

/* Every reset (the watchdog's inside simavr, or the control channel's) passes here; simavr then clears all
 * cycle timers, so the main loop starts the world again. */
static void on_reset(avr_t *a) {
    if (core_reset) {
        core_reset(a);
    }
    was_reset = 1;
}

uint64_t sim_us(void) {
    return avr->cycle * 1000000ULL / avr->frequency;
}

static double real_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void quiet_logger(avr_t *a, const int level, const char *format, va_list args) {
    (void)a;
    if (level <= LOG_ERROR) {
        vfprintf(stderr, format, args);
    }
}

static void no_sleep(avr_t *a, avr_cycle_count_t howLong) {
    (void)a, (void)howLong; /* time is kept by the main loop, not by sleeping in simavr */
}

/* What simavr resets at every reset, set again:
 * - its default lets a sleeping core skip only one cycle per call: let it skip to the next event, up to 1 ms;
 * - a pin low while INT0/INT1 are still in their reset mode (low level) starts a poll every cycle that goes on
 *   while the pin stays low, even after the firmware chose an edge: the closed emergency-stop loop on D3 is
 *   such a pin. The firmware uses no level-triggered interrupt. */
static void tune_simavr(void) {
    avr->run_cycle_limit = avr_usec_to_cycles(avr, 1000);
    avr_extint_set_strict_lvl_trig(avr, 0, 0);
    avr_extint_set_strict_lvl_trig(avr, 1, 0);
}

static void on_signal(int signal) {
    (void)signal;
    stop_signal = 1;
}

static int usage(const char *problem) {
    fprintf(stderr, "bench: %s\nusage: bench --firmware FILE.elf --pty PATH [--control PORT] [--speed X] [--seed N]\n",
            problem);
    return 2;
}

int main(int argc, char **argv) {
    const char *firmware = 0, *pty = 0;
    int port = 0;
    unsigned seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : 0;
        if (!value) {
            return usage("every option needs a value");
        } else if (!strcmp(argv[i], "--firmware")) {
            firmware = value;
        } else if (!strcmp(argv[i], "--pty")) {
            pty = value;
        } else if (!strcmp(argv[i], "--control")) {
            port = atoi(value);
        } else if (!strcmp(argv[i], "--speed")) {
            speed = atof(value);
        } else if (!strcmp(argv[i], "--seed")) {
            seed = (unsigned)strtoul(value, 0, 10);
        } else {
            return usage("unknown option");
        }
        i++;
    }
    if (!firmware || !pty || speed < 0.01 || speed > 100) {
        return usage("--firmware and --pty are required; --speed is 0.01 to 100");
    }
    avr_global_logger_set(quiet_logger);
    elf_firmware_t elf;
    memset(&elf, 0, sizeof elf);
    if (elf_read_firmware(firmware, &elf)) {
        fprintf(stderr, "bench: cannot read %s\n", firmware);
        return 1;
    }
    avr = avr_make_mcu_by_name("atmega328p");
    if (!avr) {
        return 1;
    }
    avr_init(avr);
    avr_load_firmware(avr, &elf);
    avr->frequency = BENCH_HZ;
    avr->vcc = avr->avcc = avr->aref = 5000;
    avr->sleep = no_sleep;
    avr->log = LOG_ERROR;
    core_reset = avr->reset;
    avr->reset = on_reset;
    tune_simavr();
    world_init(seed);
    if (line_open(pty) || control_open(port)) {
        line_close();
        return 1;
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    world_start();
    printf("bench ready pty=%s control=%d\n", pty, control_port());
    fflush(stdout);

    double real_start = real_us();
    avr_cycle_count_t cycle_start = avr->cycle;
    const double cycles_per_real_us = speed * (BENCH_HZ / 1e6);
    while (!quit_requested && !stop_signal) {
        double target = cycle_start + (real_us() - real_start) * cycles_per_real_us;
        if (target - avr->cycle > MAX_LAG_US * cycles_per_real_us) {
            /* This process was not scheduled for a while. Catching up would run simulated time in a burst that
             * no frame from the host interrupts (a lease would run out between two heartbeats the daemon did
             * send); instead the world falls behind, as if it had been slower for that moment. */
            double slip_us = (target - avr->cycle) / cycles_per_real_us - MAX_LAG_US;
            real_start += slip_us;
            lagged_us += slip_us;
            target = cycle_start + (real_us() - real_start) * cycles_per_real_us;
        }
        int ran = 0;
        while (avr->cycle < target && ran++ < 200000) {
            int state = avr_run(avr);
            if (state == cpu_Done || state == cpu_Crashed) {
                fprintf(stderr, "bench: the simulated MCU stopped (state %d) at pc 0x%x\n", state, avr->pc);
                line_close();
                return 1;
            }
        }
        if (was_reset) {
            was_reset = 0;
            tune_simavr();
            world.resets++;
            world_start();
            line_on_reset();
        }
        line_pump();
        control_poll(avr->cycle < target ? 0 : 1);
    }
    line_close();
    return 0;
}
