/*
 * The simavr test bench: firmware.elf on a simulated ATmega328P at 16 MHz, UART0 on a pseudo-terminal, a model
 * of the world around the pins (motor, tachometer, heater pad and thermistor, seat switch, emergency-stop
 * loop), a control channel that injects faults and reads the pins, and simulated time kept in step with real
 * time (or a multiple of it).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <simavr/sim_avr.h>

#define BENCH_HZ 16000000UL

/* ATmega328P data-space addresses of the registers the world reads (datasheet, register summary) */
#define REG_PINB 0x23
#define REG_DDRB 0x24
#define REG_PORTB 0x25
#define REG_PORTD 0x2B
#define REG_MCUSR 0x54
#define REG_TCCR1A 0x80
#define REG_ICR1L 0x86
#define REG_ICR1H 0x87
#define REG_OCR1AL 0x88
#define REG_OCR1AH 0x89
#define MCUSR_EXTRF 0x02

extern avr_t *avr;
extern double lagged_us; /* real time the simulation fell behind and did not catch up (the host was busy) */

uint64_t sim_us(void);

/* world.c: the model around the pins */
void world_init(uint32_t seed);
void world_start(void); /* (again) after a reset, which clears simavr's timers */
double world_duty(void); /* what the motor gets: relay closed times the PWM duty, 0..1 */
struct world {
    double rpm;
    double pad_celsius;
    int stalled;
    int stuck_relay_steps; /* > 0: the motor runs at this drive whatever is commanded */
    int heater_runaway;
    int thermistor;        /* 0 ok, 1 open, 2 shorted */
    int occupied;
    int estop_open;
    int relay;
    int heater;
    int led;
    unsigned resets;
    double full_rpm;
};
extern struct world world;
void world_set_inputs(void);
void world_hang(void);

/* line.c: the pseudo-terminal and the UART */
int line_open(const char *link_path);
void line_close(void);
int line_fd(void);
void line_pump(void);         /* pty -> wire queue -> UART, and UART -> pty */
void line_on_reset(void);
void line_relay_fell(void);   /* the motor relay pin went low: close a pending emergency-stop measurement */
struct line_faults {
    int silent;
    double ber;
    double corrupt;
};
extern struct line_faults line_faults;
struct line_seen {
    uint64_t last_from_host_us; /* the last byte the host sent (that was not lost to silence) */
    uint64_t relay_fell_us;     /* the motor relay pin's last falling edge */
    unsigned statuses;          /* STATUS frames the firmware sent; the fields below are from the last */
    uint32_t boot_id;
    uint8_t flags, latched;
    uint16_t config_crc, crc_errors, retransmits;
};
extern struct line_seen line_seen;
void line_noise(int count);
int line_latencies(uint64_t *out, int max); /* measured emergency-stop frame -> relay pin low, µs */

/* control.c: the control channel */
int control_open(int port);
int control_port(void);
void control_poll(int timeout_ms);
extern int quit_requested;

#endif
