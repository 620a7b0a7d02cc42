/*
 * The MCU side of docs/protocol.md, board-independent. A board calls these four and implements board.h:
 *
 *   mcu_boot        once, after it drove every output off
 *   mcu_receive     for every byte from the serial line (from the main loop, not the UART interrupt)
 *   mcu_poll        from the main loop, as often as it can (frames, checks, heater, STATUS, retransmits)
 *   mcu_timer_tick  from a hardware timer interrupt every millisecond: the lease deadman, the session cap
 *                   and the emergency-stop input, which therefore hold even if the main loop hangs
 */
#ifndef CORE_MCU_H
#define CORE_MCU_H

#include <stdint.h>
#include "board.h"

enum reset_cause { RESET_POWER_ON = 0, RESET_PIN = 1, RESET_WATCHDOG = 2, RESET_BROWN_OUT = 3 };

void mcu_boot(const struct board_info *board, uint32_t boot_id, uint8_t reset_cause, uint32_t now_ms);
void mcu_receive(uint8_t byte, uint32_t now_ms);
void mcu_poll(uint32_t now_ms);
void mcu_timer_tick(uint32_t now_ms);
/* the latched fault code, 0 = none (a board may show it on an LED) */
uint8_t mcu_latched_fault(void);

#endif
