/*
 * helpers.c - seL4_UserContext for a function call on a new thread.
 */
#include <string.h>
#include <sel4utils/helpers.h>
#include <sel4utils/arch/util.h>

/* RSP such that RSP + 8 is 16-byte aligned, at or below stack_top. */
static seL4_Word entry_rsp(void *stack_top)
{
    return ALIGN_DOWN((seL4_Word)stack_top, 16) - sizeof(seL4_Word);
}

int sel4utils_arch_init_context(void *entry_point, void *stack_top, seL4_UserContext *context)
{
    if (stack_top == NULL || context == NULL) {
        ZF_LOGE("no stack or no context");
        return -1;
    }
    sel4utils_set_instruction_pointer(context, (seL4_Word)entry_point);
    sel4utils_set_stack_pointer(context, entry_rsp(stack_top));
    return 0;
}

int sel4utils_arch_init_context_with_args(sel4utils_thread_entry_fn entry_point, void *arg0,
                                          void *arg1, void *arg2, bool local_stack,
                                          void *stack_top, seL4_UserContext *context, vka_t *vka,
                                          vspace_t *local_vspace, vspace_t *remote_vspace)
{
    (void)local_stack;
    (void)vka;
    (void)local_vspace;
    (void)remote_vspace;
    if (sel4utils_arch_init_context((void *)entry_point, stack_top, context) != 0)
        return -1;
    sel4utils_set_arg0(context, (seL4_Word)arg0);
    sel4utils_set_arg1(context, (seL4_Word)arg1);
    sel4utils_set_arg2(context, (seL4_Word)arg2);
    return 0;
}
