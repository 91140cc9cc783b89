// probes(): the node-addon-api calls an addon commonly makes besides those of naa_examples.cc (see probes.cc).
#ifndef NAA_EXAMPLES_PROBES_H
#define NAA_EXAMPLES_PROBES_H

#include <napi.h>

Napi::Array Probes(Napi::Env env);

#endif
