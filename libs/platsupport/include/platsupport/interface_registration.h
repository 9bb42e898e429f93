/*
 * platsupport/interface_registration.h - the slot in ps_io_ops_t through
 * which drivers may publish interfaces to each other (util_libs).  caplab
 * provides the type so that ps_io_ops_t has seL4_libs' layout; no caplab
 * library fills it in.
 */
#pragma once

typedef enum ps_interface_type {
    PS_NULL_INTERFACE,
    PS_CLOCK_INTERFACE,
    PS_RESET_INTERFACE,
    PS_GPIO_INTERFACE,
    PS_ETHERNET_INTERFACE,
    PS_SERIAL_INTERFACE,
} ps_interface_type_t;

typedef int (*ps_interface_search_handler_t)(void *handler_data, void *interface_instance,
                                             char **properties);
typedef int (*ps_interface_register_fn_t)(void *cookie, ps_interface_type_t interface_type,
                                          void *interface_instance, char **properties);
typedef int (*ps_interface_unregister_fn_t)(void *cookie, ps_interface_type_t interface_type,
                                            void *interface_instance);
typedef int (*ps_interface_find_fn_t)(void *cookie, ps_interface_type_t interface_type,
                                      ps_interface_search_handler_t handler, void *handler_data);

typedef struct ps_interface_registration_ops {
    void *cookie;
    ps_interface_register_fn_t interface_register_fn;
    ps_interface_unregister_fn_t interface_unregister_fn;
    ps_interface_find_fn_t interface_find_fn;
} ps_interface_registration_ops_t;
