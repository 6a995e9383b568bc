#pragma once
/// notify: the receivers of alerts and Alertmanager's three group timings.

#include <vector>

#include "lecter/config/config.h"
#include "yaml_value.h"

namespace lecter::config_internal {

/// notify: receivers (a list of {name, type, url | url_file, secret | secret_file, services, events})
/// and group_wait, group_interval, repeat_interval, write_failure_after (each "30s", "5m", "4h", "1h30m"
/// or a whole number of milliseconds). `services` are the configured ones, which a receiver's
/// services must name. The files named are read here, so a missing secret is an error at load.
NotifyConfig readNotify(const YamlValue& value, const std::vector<ServiceSpec>& services);

}  // namespace lecter::config_internal
