/*
 * The world around the pins, stepped every simulated millisecond:
 * - the motor: power is the relay pin (D8) times the PWM duty of OC1A (D9); a healthy motor settles at
 *   full_rpm × duty (above 10 % duty; below it does not start), spinning up with a 0.25 s time constant and
 *   coasting down with 0.6 s (3000 → 300 rpm in 1.4 s); a stalled motor does not turn; a stuck relay runs
 *   it at a fixed drive whatever is commanded;
 * - the tachometer: 2 falling edges per turn on D2, timed to the cycle;
 * - the heater pad: the heater pin (D7) heats it towards 40 K above 22 °C with a 60 s time constant; the
 *   thermistor divider (10 kΩ NTC, B 3950, 10 kΩ pull-up to 5 V) feeds A0, with ±1 count of noise;
 * - the seat switch (D4, low when occupied) and the normally-closed emergency-stop loop (D3, high when open).
 */
#include <math.h>
#include <stdlib.h>
#include <simavr/avr_adc.h>
#include <simavr/avr_ioport.h>
#include <simavr/sim_cycle_timers.h>
#include <simavr/sim_time.h>
#include <simavr/sim_irq.h>
#include <simavr/sim_io.h>
#include "bench.h"

#define STEP_US 1000
#define TACH_PULSES_PER_TURN 2
#define TACH_PULSE_US 50
#define START_DUTY 0.10
#define SPIN_UP_S 0.25
#define COAST_S 0.6
#define AMBIENT_C 22.0
#define HEATER_RISE_K 40.0
#define PAD_TAU_S 60.0

struct world world;
static double tach_phase; /* turns times pulses per turn since the last edge */
static avr_irq_t *adc_in, *tach_pin, *estop_pin, *seat_pin;

/* The inputs of port D as the outside drives them. Declared to simavr as external, so that the firmware's
 * pull-ups (PORTD bits of input pins) do not override them when it writes PORTD. */
static uint8_t port_d_inputs = (1 << 2) | (1 << 4); /* tach idle high, loop closed (low), seat free (high) */
#define PORT_D_INPUT_MASK ((1 << 2) | (1 << 3) | (1 << 4))

static void drive_input(avr_irq_t *pin, int bit, int level) {
    port_d_inputs = (uint8_t)(level ? port_d_inputs | 1 << bit : port_d_inputs & ~(1 << bit));
    avr_ioport_external_t external = {.name = 'D', .mask = PORT_D_INPUT_MASK, .value = port_d_inputs};
    avr_ioctl(avr, AVR_IOCTL_IOPORT_SET_EXTERNAL('D'), &external);
    avr_raise_irq(pin, (uint32_t)level);
}

static uint8_t reg(uint16_t address) {
    return avr->data[address];
}

double world_duty(void) {
    if (world.stuck_relay_steps > 0) {
        return world.stuck_relay_steps / 1000.0;
    }
    if (!world.relay) {
        return 0;
    }
    if (reg(REG_TCCR1A) & 0x80) { /* COM1A1: the pin is the PWM output */
        unsigned top = reg(REG_ICR1L) | reg(REG_ICR1H) << 8;
        unsigned ocr = reg(REG_OCR1AL) | reg(REG_OCR1AH) << 8;
        return top ? (ocr >= top ? 1.0 : (double)ocr / (top + 1)) : 0;
    }
    return (reg(REG_DDRB) & 0x02) && (reg(REG_PORTB) & 0x02) ? 1.0 : 0;
}

static double thermistor_millivolts(void) {
    if (world.thermistor == 1) {
        return 5000; /* open: only the pull-up */
    }
    if (world.thermistor == 2) {
        return 0;
    }
    double r = 10000.0 * exp(3950.0 * (1.0 / (world.pad_celsius + 273.15) - 1.0 / 298.15));
    return 5000.0 * r / (r + 10000.0);
}

static void on_adc_trigger(avr_irq_t *irq, uint32_t value, void *param) {
    (void)irq, (void)value, (void)param;
    double noise = (rand() % 3 - 1) * 4.9; /* about one count */
    double mv = thermistor_millivolts() + noise;
    avr_raise_irq(adc_in, mv < 0 ? 0 : mv > 5000 ? 5000 : (uint32_t)mv);
}

static avr_cycle_count_t tach_release(avr_t *a, avr_cycle_count_t when, void *param) {
    (void)a, (void)when, (void)param;
    drive_input(tach_pin, 2, 1);
    return 0;
}

static avr_cycle_count_t tach_edge(avr_t *a, avr_cycle_count_t when, void *param) {
    (void)when, (void)param;
    drive_input(tach_pin, 2, 0);
    avr_cycle_timer_register_usec(a, TACH_PULSE_US, tach_release, 0);
    return 0;
}

static avr_cycle_count_t step(avr_t *a, avr_cycle_count_t when, void *param) {
    (void)param;
    const double dt = STEP_US / 1e6;
    double duty = world_duty();
    double target = world.full_rpm * duty;
    if (world.stalled || (world.rpm < 1 && duty < START_DUTY)) {
        target = 0; /* jammed, or too weak to start from rest */
    }
    double tau = target > world.rpm ? SPIN_UP_S : COAST_S;
    world.rpm += (target - world.rpm) * dt / tau;
    if (world.stalled || (target == 0 && world.rpm < 0.5)) {
        world.rpm = 0;
    }
    /* the tachometer: a falling edge every half turn, placed within this millisecond where it falls */
    double pulses = world.rpm / 60.0 * TACH_PULSES_PER_TURN * dt;
    if (pulses > 0 && tach_phase + pulses >= 1.0) {
        double fraction = (1.0 - tach_phase) / pulses;
        avr_cycle_timer_register(a, 1 + (avr_cycle_count_t)(fraction * avr_usec_to_cycles(a, STEP_US)), tach_edge, 0);
        tach_phase -= 1.0;
    }
    tach_phase += pulses;
    int heating = world.heater || world.heater_runaway;
    world.pad_celsius += ((heating ? HEATER_RISE_K : 0) - (world.pad_celsius - AMBIENT_C)) * dt / PAD_TAU_S;
    return when + avr_usec_to_cycles(a, STEP_US);
}

static void on_pin(avr_irq_t *irq, uint32_t value, void *param) {
    (void)irq;
    int *pin = param;
    int was = *pin;
    *pin = value != 0;
    if (pin == &world.relay && was && !value) {
        line_relay_fell();
    }
}

void world_set_inputs(void) {
    drive_input(tach_pin, 2, 1);
    drive_input(estop_pin, 3, world.estop_open);
    drive_input(seat_pin, 4, !world.occupied);
}

void world_init(uint32_t seed) {
    srand(seed);
    world.pad_celsius = AMBIENT_C;
    world.full_rpm = 3000;
    adc_in = avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_OUT_TRIGGER), on_adc_trigger, 0);
    tach_pin = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 2);
    estop_pin = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 3);
    seat_pin = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 4);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), 0), on_pin, &world.relay);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), 5), on_pin, &world.led);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 7), on_pin, &world.heater);
    avr_raise_irq(adc_in, (uint32_t)thermistor_millivolts());
}

void world_start(void) {
    world_set_inputs();
    avr_cycle_timer_register_usec(avr, STEP_US, step, 0);
}


/* The main loop hangs: jump into avr-libc's `rjmp .` after exit(), with interrupts enabled (never from inside
 * an interrupt handler, whose `reti` would then never come), so that the timer interrupt (the deadman) still
 * runs but nothing pets the watchdog. */
void world_hang(void) {
    for (int i = 0; i < 100000 && (!avr->sreg[S_I] || avr->state != cpu_Running); i++) {
        avr_run(avr);
    }
    for (uint32_t address = 0; address + 1 < avr->flashend; address += 2) {
        if (avr->flash[address] == 0xFF && avr->flash[address + 1] == 0xCF) {
            avr->pc = address;
            return;
        }
    }
}
