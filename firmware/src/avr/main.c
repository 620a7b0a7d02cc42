/*
 * Boot and main loop of the ATmega328P firmware. Outputs go off before anything else (.init3, before even the
 * C runtime's data copy); the watchdog resets a main loop that stops for 120 ms, into that same outputs-off
 * start. The boot id mixes a boot counter in EEPROM with ADC noise, so that it differs at every boot.
 */
#include <avr/eeprom.h>
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>
#include "board_avr.h"
#include "../core/mcu.h"

#define BOOT_COUNTER_ADDRESS ((uint32_t *)0)
#define ADC_TEMPERATURE_SENSOR 8
#define ADC_BANDGAP 14
#define POLL_EVERY_MS 5

static uint8_t reset_flags __attribute__((section(".noinit")));

void early_start(void) __attribute__((naked, used, section(".init3")));
void early_start(void) {
    uint8_t from_bootloader;
    __asm__ volatile("mov %0, r2" : "=r"(from_bootloader)); /* Optiboot hands MCUSR over in r2 */
    reset_flags = MCUSR ? MCUSR : from_bootloader;
    MCUSR = 0;
    wdt_disable();
    board_outputs_off_early();
}

static uint8_t reset_cause(void) {
    if (reset_flags & (1 << PORF)) {
        return RESET_POWER_ON;
    }
    if (reset_flags & (1 << BORF)) {
        return RESET_BROWN_OUT;
    }
    if (reset_flags & (1 << WDRF)) {
        return RESET_WATCHDOG;
    }
    return RESET_PIN;
}

static uint32_t mix(uint32_t h) { /* a 32-bit finaliser: every input bit moves every output bit */
    h ^= h >> 16;
    h *= 0x85EBCA6BUL;
    h ^= h >> 13;
    h *= 0xC2B2AE35UL;
    h ^= h >> 16;
    return h;
}

static uint32_t draw_boot_id(void) {
    uint32_t boots = eeprom_read_dword(BOOT_COUNTER_ADDRESS) + 1;
    eeprom_update_dword(BOOT_COUNTER_ADDRESS, boots);
    uint32_t noise = 0;
    for (uint8_t i = 0; i < 32; i++) { /* the lowest bits of three analog inputs */
        uint16_t a = board_adc(0), b = board_adc(ADC_TEMPERATURE_SENSOR), c = board_adc(ADC_BANDGAP);
        noise = (noise << 1 | noise >> 31) ^ a ^ (uint32_t)b << 8 ^ (uint32_t)c << 16 ^ TCNT1;
    }
    uint32_t id = mix(boots ^ mix(noise));
    return id ? id : 1;
}

static void sleep_until_interrupt(void) {
    cli();
    if (!board_uart_pending()) {
        sleep_enable();
        sei();
        sleep_cpu();
        sleep_disable();
    }
    sei();
}

int main(void) {
    board_init();
    uint32_t boot_id = draw_boot_id();
    board_start_sampling();
    mcu_boot(&nano_board, boot_id, reset_cause(), board_millis());
    wdt_enable(WDTO_120MS);
    set_sleep_mode(SLEEP_MODE_IDLE);
    sei();
    uint32_t polled = 0;
    for (;;) {
        wdt_reset();
        uint32_t now = board_millis();
        uint8_t received = board_uart_pending();
        int16_t byte;
        while ((byte = board_uart_read()) >= 0) {
            mcu_receive((uint8_t)byte, now);
        }
        /* frames at once; everything else (checks, STATUS, retransmits) every few milliseconds: the deadman,
         * the cap and the emergency-stop loop are the timer interrupt's, whatever the main loop does */
        if (received || now - polled >= POLL_EVERY_MS) {
            polled = now;
            mcu_poll(now);
            board_led(mcu_latched_fault() != 0);
        }
        sleep_until_interrupt();
    }
}
