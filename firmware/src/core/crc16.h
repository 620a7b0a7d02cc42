/* CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, not reflected, no final XOR (protocol section 2). */
#ifndef CORE_CRC16_H
#define CORE_CRC16_H

#include <stdint.h>

#define CRC16_INITIAL 0xFFFF

uint16_t crc16_update(uint16_t crc, uint8_t byte);
uint16_t crc16(const uint8_t *bytes, uint16_t count);

#endif
