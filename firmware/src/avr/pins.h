/*
 * Pin map of the Arduino Nano (ATmega328P, 16 MHz) board (docs/firmware.md has the wiring diagram).
 *
 *   D9  PB1 OC1A  motor PWM, 20 kHz, to the MOSFET gate driver      (10 kΩ pull-down: off while booting)
 *   D8  PB0       motor power relay (or driver enable)               (10 kΩ pull-down)
 *   D7  PD7       heater MOSFET / SSR                                (10 kΩ pull-down)
 *   D2  PD2 INT0  tachometer, 2 pulses per turn, open collector      (pull-up)
 *   D3  PD3       emergency-stop loop, normally closed to GND        (pull-up: a cut wire reads open)
 *   D4  PD4       seat switch, closed to GND when someone sits       (pull-up)
 *   A0  PC0 ADC0  pad thermistor, 10 kΩ NTC to GND, 10 kΩ pull-up to AVCC
 *   D13 PB5       LED: on while a fault is latched
 *   D0/D1         UART0 to the USB serial bridge, 115200 baud
 */
#ifndef AVR_PINS_H
#define AVR_PINS_H

#include <avr/io.h>

#define MOTOR_PWM_BIT PB1
#define MOTOR_RELAY_BIT PB0
#define LED_BIT PB5
#define HEATER_BIT PD7
#define TACH_BIT PD2
#define ESTOP_BIT PD3
#define SEAT_BIT PD4
#define THERMISTOR_CHANNEL 0

#define PWM_TOP 799 /* 16 MHz / (1 + 799) = 20 kHz, above hearing */
#define TACH_PULSES_PER_TURN 2
#define MOTOR_STEPS 1000

#define UART_BAUD 115200UL

#endif
