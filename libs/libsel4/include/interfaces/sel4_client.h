/*
 * interfaces/sel4_client.h - the object invocation stubs (seL4 generates
 * this file from its interface description; caplab writes them by hand in
 * sel4/invocations.h and sel4/arch/invocations.h).
 */
#pragma once

#include <sel4/invocations.h>
#include <sel4/arch/invocations.h>
