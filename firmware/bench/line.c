/*
 * The serial line: a pseudo-terminal whose slave side the daemon opens (through a symbolic link at the path
 * given), bytes from the host paced onto the UART at 115200 baud (one byte every 86.8 µs of simulated time),
 * the UART's output back to the pty, and the line faults: silence, bit errors, a flipped bit per frame, and
 * bursts of noise. It also times each emergency-stop frame: from its last byte entering the UART to the motor
 * relay pin going low, in simulated microseconds.
 */
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <simavr/avr_uart.h>
#include <simavr/sim_cycle_timers.h>
#include <simavr/sim_time.h>
#include <simavr/sim_io.h>
#include <simavr/sim_irq.h>
#include "bench.h"
#include "../src/core/crc16.h"

#define BYTE_US 86.8 /* 10 bits at 115200 baud */
#define QUEUE (1 << 16)
#define MAX_FRAME 248
#define SYNC 0xA5
#define EMERGENCY_STOP 0x12
#define STATUS 0x20
#define MAX_LATENCIES 1024

struct line_faults line_faults;
struct line_seen line_seen;
static int master = -1, slave = -1;
static char link_path[512];
static avr_irq_t *uart_in;
static int uart_full;

struct ring {
    uint8_t bytes[QUEUE];
    uint64_t head, tail; /* absolute counts */
};
static struct ring to_mcu, to_host;
static int pacing;
static uint64_t estop_last_byte = UINT64_MAX; /* absolute index in to_mcu of a pending stop's last byte */
static uint64_t estop_started_cycle;
static int estop_pending;
static uint64_t latencies[MAX_LATENCIES];
static int latency_count;

/* Splits a byte stream into frames (by SYNC and LEN, without checking the CRC) so that faults hit frames. */
struct splitter {
    uint8_t bytes[MAX_FRAME];
    int length;
    uint64_t last_byte_us;
};
static struct splitter from_host, from_mcu;

static void ring_put(struct ring *r, uint8_t byte) {
    if (r->head - r->tail < QUEUE) {
        r->bytes[r->head++ % QUEUE] = byte;
    }
}

static double chance(void) {
    return rand() / (RAND_MAX + 1.0);
}

static uint8_t with_bit_errors(uint8_t byte) {
    if (line_faults.ber > 0) {
        for (int bit = 0; bit < 8; bit++) {
            if (chance() < line_faults.ber) {
                byte ^= (uint8_t)(1 << bit);
            }
        }
    }
    return byte;
}

static avr_cycle_count_t pace(avr_t *a, avr_cycle_count_t when, void *param);

static void start_pacing(void) {
    if (!pacing && to_mcu.head != to_mcu.tail) {
        pacing = 1;
        avr_cycle_timer_register_usec(avr, 1, pace, 0);
    }
}

/* One byte onto the UART per byte time, unless its input FIFO is full. */
static avr_cycle_count_t pace(avr_t *a, avr_cycle_count_t when, void *param) {
    (void)param;
    if (to_mcu.head == to_mcu.tail) {
        pacing = 0;
        return 0;
    }
    if (!uart_full) {
        uint64_t index = to_mcu.tail++;
        avr_raise_irq(uart_in, to_mcu.bytes[index % QUEUE]);
        if (index == estop_last_byte) { /* timed only if the relay is still there to fall */
            estop_pending = world.relay;
            estop_started_cycle = a->cycle;
            estop_last_byte = UINT64_MAX;
        }
    }
    return when + avr_usec_to_cycles(a, (uint32_t)BYTE_US) + 13; /* 86.8 µs */
}

void line_relay_fell(void) {
    line_seen.relay_fell_us = sim_us();
    if (estop_pending) {
        estop_pending = 0;
        if (latency_count < MAX_LATENCIES) {
            latencies[latency_count++] = (avr->cycle - estop_started_cycle) * 1000000ULL / avr->frequency;
        }
    }
}

int line_latencies(uint64_t *out, int max) {
    int n = latency_count < max ? latency_count : max;
    memcpy(out, latencies, (size_t)n * sizeof *out);
    return n;
}

static int good_frame(const uint8_t *frame, int length, uint8_t type) {
    if (length < 8 || frame[5] != type) {
        return 0;
    }
    uint16_t crc = crc16(frame + 1, (uint16_t)(length - 3));
    return frame[length - 2] == (uint8_t)(crc >> 8) && frame[length - 1] == (uint8_t)crc;
}

static uint16_t u16_at(const uint8_t *p) {
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* What the firmware last said in a STATUS (sniffed on its way to the host, before any line fault). */
static void remember_status(const uint8_t *frame, int length) {
    const uint8_t *p = frame + 6;
    if (length < 8 + 20) {
        return;
    }
    line_seen.boot_id = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    line_seen.flags = p[8];
    line_seen.latched = p[9];
    line_seen.config_crc = u16_at(p + 10);
    line_seen.crc_errors = u16_at(p + 14);
    line_seen.retransmits = u16_at(p + 16);
    line_seen.statuses++;
}

static void deliver(struct splitter *s, int whole_frame) {
    if (s == &from_mcu && whole_frame && good_frame(s->bytes, s->length, STATUS)) {
        remember_status(s->bytes, s->length);
    }
    if (line_faults.silent) {
        s->length = 0;
        return;
    }
    if (whole_frame && line_faults.corrupt > 0 && chance() < line_faults.corrupt) {
        int bit = 8 + rand() % ((s->length - 1) * 8); /* never the sync byte */
        s->bytes[bit / 8] ^= (uint8_t)(1 << (bit % 8));
    }
    struct ring *r = s == &from_host ? &to_mcu : &to_host;
    int stop = s == &from_host && whole_frame && good_frame(s->bytes, s->length, EMERGENCY_STOP);
    if (s == &from_host) {
        line_seen.last_from_host_us = sim_us();
    }
    for (int i = 0; i < s->length; i++) {
        ring_put(r, with_bit_errors(s->bytes[i]));
    }
    if (stop && !estop_pending && estop_last_byte == UINT64_MAX) { /* the first of a burst (the host sends two) */
        estop_last_byte = r->head - 1;
    }
    s->length = 0;
    if (r == &to_mcu) {
        start_pacing();
    }
}

static void split(struct splitter *s, uint8_t byte) {
    s->last_byte_us = sim_us();
    if (s->length == 0 && byte != SYNC) {
        s->bytes[s->length++] = byte; /* garbage passes as it is */
        deliver(s, 0);
        return;
    }
    s->bytes[s->length++] = byte;
    if (s->length >= 2 && s->bytes[1] > MAX_FRAME - 8) {
        deliver(s, 0);
    } else if (s->length >= 2 && s->length == s->bytes[1] + 8) {
        deliver(s, 1);
    }
}

static void on_uart_output(avr_irq_t *irq, uint32_t value, void *param) {
    (void)irq, (void)param;
    split(&from_mcu, (uint8_t)value);
}

static void on_uart_full(avr_irq_t *irq, uint32_t value, void *param) {
    (void)irq, (void)param;
    uart_full = value != 0;
}

static void on_uart_room(avr_irq_t *irq, uint32_t value, void *param) {
    (void)irq, (void)param;
    if (value) {
        uart_full = 0;
    }
}

void line_noise(int count) {
    for (int i = 0; i < count; i++) {
        ring_put(&to_mcu, (uint8_t)rand());
    }
    start_pacing();
}

int line_open(const char *path) {
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) || unlockpt(master)) {
        perror("bench: pseudo-terminal");
        return -1;
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    const char *name = ptsname(master);
    /* keep the slave open ourselves, raw, so that the master never sees a hang-up between daemons */
    slave = open(name, O_RDWR | O_NOCTTY | O_NONBLOCK);
    struct termios t;
    if (slave < 0 || tcgetattr(slave, &t)) {
        perror("bench: pseudo-terminal slave");
        return -1;
    }
    cfmakeraw(&t);
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    tcsetattr(slave, TCSANOW, &t);
    snprintf(link_path, sizeof link_path, "%s", path);
    unlink(link_path);
    if (symlink(name, link_path)) {
        fprintf(stderr, "bench: cannot link %s to %s: %s\n", link_path, name, strerror(errno));
        return -1;
    }
    uint32_t no_flags = 0; /* no console echo of the UART, no sleeping in simavr's polling */
    avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &no_flags);
    uart_in = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_uart_output, 0);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XOFF), on_uart_full, 0);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON), on_uart_room, 0);
    return 0;
}

void line_close(void) {
    if (link_path[0]) {
        unlink(link_path);
        link_path[0] = 0;
    }
}

int line_fd(void) {
    return master;
}

void line_on_reset(void) {
    pacing = 0;
    uart_full = 0;
    estop_pending = 0;
    start_pacing();
}

void line_pump(void) {
    uint8_t buffer[4096];
    ssize_t n;
    while ((n = read(master, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            split(&from_host, buffer[i]);
        }
    }
    /* a partial frame from the host that never completes is passed on as it is after 50 ms */
    if (from_host.length && sim_us() - from_host.last_byte_us > 50000) {
        deliver(&from_host, 0);
    }
    while (to_host.tail < to_host.head) {
        uint64_t from = to_host.tail % QUEUE;
        uint64_t count = to_host.head - to_host.tail;
        if (from + count > QUEUE) {
            count = QUEUE - from;
        }
        ssize_t written = write(master, to_host.bytes + from, (size_t)count);
        if (written <= 0) {
            if (to_host.head - to_host.tail > 8192) { /* nobody reads: a board talks into the void */
                to_host.tail = to_host.head;
            }
            break;
        }
        to_host.tail += (uint64_t)written;
    }
}
