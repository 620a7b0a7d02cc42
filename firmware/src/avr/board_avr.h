/* The ATmega328P board's own calls, beyond what the core asks of every board (core/board.h). */
#ifndef AVR_BOARD_AVR_H
#define AVR_BOARD_AVR_H

#include <stdint.h>
#include "../core/board.h"

#define FIRMWARE_VERSION "nano-2.0.0"

extern const struct board_info nano_board;

void board_outputs_off_early(void);
void board_init(void);
uint32_t board_millis(void);
int16_t board_uart_read(void);
uint8_t board_uart_pending(void);
uint16_t board_adc(uint8_t channel);
void board_start_sampling(void); /* the thermistor, one conversion a millisecond from the timer interrupt */
void board_led(uint8_t on);
void board_cut_outputs_motor(void);

#endif
