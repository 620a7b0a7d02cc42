/*
 * The ATmega328P board layer: UART0 with interrupt-driven rings, Timer1 PWM for the motor, Timer2 as the
 * millisecond clock whose interrupt runs the core's deadman, INT0 for the tachometer, the ADC for the
 * thermistor, and the digital pins of pins.h.
 */
#include <avr/interrupt.h>
#include <avr/io.h>
#include "board_avr.h"
#include "pins.h"
#include "../core/mcu.h"
#include "../core/tach.h"
#include "../core/thermistor.h"

#define RX_RING 64  /* power of two */
#define TX_RING 128 /* power of two */

static volatile uint8_t rx_ring[RX_RING];
static volatile uint8_t rx_head, rx_tail;
static volatile uint8_t tx_ring[TX_RING];
static volatile uint8_t tx_head, tx_tail;
static volatile uint32_t millis;
static struct tach tach;
static volatile uint16_t thermistor_samples[4]; /* the last four conversions, one a millisecond */
static volatile uint8_t thermistor_next;

const struct board_info nano_board = {
    FIRMWARE_VERSION, "massaged-nano", 1000, 900, 4100, 4300,
    CAP_HEATER | CAP_OCCUPANCY | CAP_TACHOMETER | CAP_ESTOP_INPUT, 1, 1,
    {{MOTOR_STEPS, "back"}},
};

void board_outputs_off_early(void) {
    PORTB &= (uint8_t) ~((1 << MOTOR_PWM_BIT) | (1 << MOTOR_RELAY_BIT) | (1 << LED_BIT));
    DDRB |= (1 << MOTOR_PWM_BIT) | (1 << MOTOR_RELAY_BIT) | (1 << LED_BIT);
    PORTD &= (uint8_t) ~(1 << HEATER_BIT);
    DDRD |= (1 << HEATER_BIT);
}

void board_init(void) {
    board_outputs_off_early();
    /* inputs with pull-ups: tachometer, emergency-stop loop, seat switch */
    DDRD &= (uint8_t) ~((1 << TACH_BIT) | (1 << ESTOP_BIT) | (1 << SEAT_BIT));
    PORTD |= (1 << TACH_BIT) | (1 << ESTOP_BIT) | (1 << SEAT_BIT);

    /* UART0: 115200 8N1, double speed (UBRR 16: 117647 baud, +2.1 %) */
    UCSR0A = 1 << U2X0;
    UBRR0 = (uint16_t)((F_CPU / (8UL * UART_BAUD)) - 1);
    UCSR0C = (1 << UCSZ01) | (1 << UCSZ00);
    UCSR0B = (1 << RXEN0) | (1 << TXEN0) | (1 << RXCIE0);

    /* Timer1: fast PWM, TOP = ICR1 (mode 14), no prescaler; it runs, and its output is connected, only while
     * driving */
    ICR1 = PWM_TOP;
    OCR1A = 0;
    TCCR1A = 1 << WGM11;
    TCCR1B = (1 << WGM13) | (1 << WGM12);

    /* Timer2: CTC at 1 kHz (16 MHz / 64 / 250): the millisecond clock and the deadman */
    TCCR2A = 1 << WGM21;
    OCR2A = 249;
    TCCR2B = 1 << CS22; /* /64 */
    TIMSK2 = 1 << OCIE2A;

    /* INT0 on the falling edge of the open-collector tachometer */
    EICRA = 1 << ISC01;
    EIMSK = 1 << INT0;

    /* ADC: AVCC reference, clock 16 MHz / 128 = 125 kHz */
    ADMUX = 1 << REFS0;
    ADCSRA = (1 << ADEN) | (1 << ADPS2) | (1 << ADPS1) | (1 << ADPS0);
}

/* ---- time ---- */

uint32_t board_millis(void) {
    uint8_t state = board_lock();
    uint32_t now = millis;
    board_unlock(state);
    return now;
}

static uint32_t micros_locked(void) {
    uint32_t ms = millis;
    uint8_t ticks = TCNT2;
    if ((TIFR2 & (1 << OCF2A)) && ticks < 249) { /* the millisecond rolled over, its interrupt not yet run */
        ms++;
    }
    return ms * 1000UL + ticks * 4U;
}

ISR(TIMER2_COMPA_vect) {
    millis++;
    mcu_timer_tick(millis);
    if ((ADCSRA & (1 << ADIE)) && !(ADCSRA & (1 << ADSC))) {
        ADCSRA |= 1 << ADSC; /* one thermistor conversion a millisecond, read by the ADC interrupt */
    }
}

ISR(ADC_vect) {
    thermistor_samples[thermistor_next] = ADC;
    thermistor_next = (uint8_t)((thermistor_next + 1) & 3);
}

void board_start_sampling(void) {
    ADMUX = (uint8_t)((1 << REFS0) | THERMISTOR_CHANNEL);
    uint16_t first = board_adc(THERMISTOR_CHANNEL);
    for (uint8_t i = 0; i < 4; i++) {
        thermistor_samples[i] = first;
    }
    ADCSRA |= 1 << ADIE;
}

ISR(INT0_vect) {
    tach_pulse(&tach, micros_locked());
}

/* ---- outputs ---- */

void board_drive(uint8_t zone, uint16_t steps) {
    (void)zone; /* one motor on this board */
    if (steps == 0) {
        board_cut_outputs_motor();
        return;
    }
    OCR1A = (uint16_t)((uint32_t)steps * PWM_TOP / MOTOR_STEPS);
    TCCR1A |= 1 << COM1A1;
    TCCR1B |= 1 << CS10;
    PORTB |= 1 << MOTOR_RELAY_BIT;
}

void board_cut_outputs_motor(void) {
    PORTB &= (uint8_t) ~((1 << MOTOR_RELAY_BIT) | (1 << MOTOR_PWM_BIT));
    TCCR1A &= (uint8_t) ~(1 << COM1A1); /* the pin follows PORTB (low): no 1-tick spike of a zero duty */
    TCCR1B &= (uint8_t) ~(1 << CS10);   /* and the timer stops */
}

void board_heater(uint8_t on) {
    if (on) {
        PORTD |= 1 << HEATER_BIT;
    } else {
        PORTD &= (uint8_t) ~(1 << HEATER_BIT);
    }
}

void board_cut_outputs(void) {
    board_cut_outputs_motor();
    PORTD &= (uint8_t) ~(1 << HEATER_BIT);
}

void board_led(uint8_t on) {
    if (on) {
        PORTB |= 1 << LED_BIT;
    } else {
        PORTB &= (uint8_t) ~(1 << LED_BIT);
    }
}

/* ---- inputs ---- */

/* One conversion, waited for: only before the interrupts run (the boot id, the first sample). */
uint16_t board_adc(uint8_t channel) {
    ADMUX = (uint8_t)((1 << REFS0) | (channel & 0x0F));
    ADCSRA |= 1 << ADSC;
    while (ADCSRA & (1 << ADSC)) {
    }
    return ADC;
}

/* The average of the last four conversions: the main loop never waits for the ADC. */
uint16_t board_temperature_raw(uint8_t sensor) {
    (void)sensor;
    uint8_t state = board_lock();
    uint16_t sum = thermistor_samples[0] + thermistor_samples[1] + thermistor_samples[2] + thermistor_samples[3];
    board_unlock(state);
    return (uint16_t)((sum + 2) / 4);
}

int16_t board_temperature_centi(uint16_t raw) {
    return thermistor_centi(raw);
}

uint16_t board_rpm(uint8_t zone) {
    (void)zone;
    uint8_t state = board_lock();
    uint16_t rpm = tach_rpm(&tach, micros_locked(), TACH_PULSES_PER_TURN);
    board_unlock(state);
    return rpm;
}

uint16_t board_current_ma(uint8_t zone) {
    (void)zone;
    return 0; /* no current sensing on this board */
}

uint8_t board_occupied(void) {
    return !(PIND & (1 << SEAT_BIT));
}

uint8_t board_estop_open(void) {
    return (PIND & (1 << ESTOP_BIT)) != 0;
}

/* ---- serial line ---- */

ISR(USART_RX_vect) {
    uint8_t status = UCSR0A;
    uint8_t byte = UDR0;
    uint8_t next = (uint8_t)((rx_head + 1) & (RX_RING - 1));
    if (!(status & (1 << FE0)) && next != rx_tail) { /* a framing error or a full ring loses the byte */
        rx_ring[rx_head] = byte;
        rx_head = next;
    }
}

int16_t board_uart_read(void) {
    if (rx_tail == rx_head) {
        return -1;
    }
    uint8_t byte = rx_ring[rx_tail];
    rx_tail = (uint8_t)((rx_tail + 1) & (RX_RING - 1));
    return byte;
}

uint8_t board_uart_pending(void) {
    return rx_tail != rx_head;
}

ISR(USART_UDRE_vect) {
    if (tx_tail == tx_head) {
        UCSR0B &= (uint8_t) ~(1 << UDRIE0);
        return;
    }
    UDR0 = tx_ring[tx_tail];
    tx_tail = (uint8_t)((tx_tail + 1) & (TX_RING - 1));
}

uint8_t board_send(const uint8_t *bytes, uint8_t count) {
    uint8_t state = board_lock();
    uint8_t used = (uint8_t)((tx_head - tx_tail) & (TX_RING - 1));
    uint8_t fits = count <= (uint8_t)(TX_RING - 1 - used);
    if (fits) {
        for (uint8_t i = 0; i < count; i++) {
            tx_ring[tx_head] = bytes[i];
            tx_head = (uint8_t)((tx_head + 1) & (TX_RING - 1));
        }
        UCSR0B |= 1 << UDRIE0;
    }
    board_unlock(state);
    return fits;
}

/* ---- critical sections ---- */

uint8_t board_lock(void) {
    uint8_t state = SREG;
    cli();
    return state;
}

void board_unlock(uint8_t state) {
    SREG = state;
}
