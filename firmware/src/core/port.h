/* What differs between the AVR and a host build of the core: constant text in flash, and time arithmetic. */
#ifndef CORE_PORT_H
#define CORE_PORT_H

#include <stdint.h>

#ifdef __AVR__
#include <avr/pgmspace.h>
#else
#define PROGMEM
#define pgm_read_byte(address) (*(const uint8_t *)(address))
#endif

/* Wrap-safe: has the millisecond clock `now` reached `deadline`? */
static inline uint8_t time_reached(uint32_t now, uint32_t deadline) {
    return (int32_t)(now - deadline) >= 0;
}

#endif
