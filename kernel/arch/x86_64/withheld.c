/*
 * arch/x86_64/withheld.c - the physical regions no device untyped may cover.
 *
 * Below 4 GiB every gap between RAM regions becomes a device untyped
 * (boot.c), so user code can retype frames there and map them.  On QEMU's
 * `pc` machine (as grader/qemu.py starts it: -nodefaults, 128 MiB, one
 * isa-debug-exit) the gaps hold only these devices, read from the QEMU
 * monitor (`info mtree -f`, `info pci`, `info qtree`) after the firmware
 * has run:
 *
 *   0x000A0000-0x000FFFFF  legacy VGA window, option ROMs, BIOS shadow (RAM/ROM)
 *   0x07FE0000-0x07FFFFFF  RAM the firmware reserved (ACPI tables)
 *   0x08000000-0xFEBFFFFF  PCI hole: empty (the only PCI BAR, the IDE
 *                          bus-master block, is an I/O port range)
 *   0xFEC00000-0xFEC00FFF  I/O APIC
 *   0xFED00000-0xFED003FF  HPET
 *   0xFEE00000-0xFEEFFFFF  local APIC page and the MSI window
 *   0xFFFC0000-0xFFFFFFFF  BIOS ROM
 *
 * A region is withheld when user code could make the machine deliver an
 * interrupt, or write physical memory, through it.  Everything else in the
 * gaps is plain memory or ROM and stays a device untyped.  (Devices behind
 * I/O ports - PCI configuration, fw_cfg DMA, the IDE bus master, the ISA
 * DMA controller - are kept from users in interrupt.c instead.)
 *
 * The table is sorted by address and page aligned; docs/kernel.md lists it
 * with the reasons, and tests/kernel/device_untypeds checks the BootInfo
 * against its own copy of the list.
 */
#include "kernel.h"

const struct withheld_region withheld_regions[] = {
    { 0xFEC00000ull, 0x1000,
      "I/O APIC: a redirection entry sends any vector to the CPU, exception vectors included" },
    { 0xFED00000ull, 0x1000,
      "HPET: its comparators raise interrupts on any I/O APIC pin, and with FSB delivery "
      "(MSI) write any value to any physical address" },
    { 0xFEE00000ull, 0x100000,
      "local APIC (the kernel's timer, IPIs) and the MSI window: a 32-bit store anywhere "
      "in this 1 MiB is a message-signalled interrupt with any vector" },
};

const unsigned n_withheld_regions = ARRAY_SIZE(withheld_regions);
