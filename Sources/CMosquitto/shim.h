// Umbrella for the system libmosquitto client headers (Debian: libmosquitto-dev).
#include <mosquitto.h>
