# kernel/kernel.mk - build the caplab kernel.
#
# Outputs under $(BUILD)/kernel/:
#   kernel.elf  64-bit ELF with symbols (for gdb)
#   kernel.bin  flat image with a Multiboot header (what QEMU's -kernel loads;
#               QEMU refuses 64-bit ELF for Multiboot, so we use the header's
#               address fields instead of ELF program headers)
#   kernel.dis  disassembly, kernel.sym  symbol table

KERNEL_BUILD := $(BUILD)/kernel
KERNEL_SRCS  := $(wildcard kernel/*.c) $(wildcard kernel/arch/x86_64/*.c)
KERNEL_ASMS  := $(wildcard kernel/boot/*.S) $(wildcard kernel/arch/x86_64/*.S)
KERNEL_OBJS  := $(patsubst %.c,$(KERNEL_BUILD)/%.o,$(KERNEL_SRCS)) \
                $(patsubst %.S,$(KERNEL_BUILD)/%.o,$(KERNEL_ASMS))

KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Werror -Wextra -Wno-unused-parameter \
    -ffreestanding -fno-builtin -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
    -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fno-pie -fno-pic \
    -fno-stack-protector -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
    -Ikernel/include -Ikernel -Ilibs/libsel4/include -MMD -MP
KERNEL_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=4096 -Wl,--build-id=none \
    -T kernel/linker.ld

.PHONY: kernel
kernel: $(KERNEL_BUILD)/kernel.bin $(KERNEL_BUILD)/kernel.dis $(KERNEL_BUILD)/kernel.sym

$(KERNEL_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC     $<'
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(KERNEL_BUILD)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo '  AS     $<'
	$(Q)$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(KERNEL_BUILD)/kernel.elf: $(KERNEL_OBJS) kernel/linker.ld
	@echo '  LD     $@'
	$(Q)$(CC) $(KERNEL_CFLAGS) $(KERNEL_LDFLAGS) -Wl,--no-warn-rwx-segments $(KERNEL_OBJS) -lgcc -o $@

$(KERNEL_BUILD)/kernel.bin: $(KERNEL_BUILD)/kernel.elf
	$(Q)objcopy -O binary $< $@

$(KERNEL_BUILD)/kernel.dis: $(KERNEL_BUILD)/kernel.elf
	$(Q)objdump -d -S --no-show-raw-insn $< > $@

$(KERNEL_BUILD)/kernel.sym: $(KERNEL_BUILD)/kernel.elf
	$(Q)nm -n $< > $@

-include $(KERNEL_OBJS:.o=.d)
