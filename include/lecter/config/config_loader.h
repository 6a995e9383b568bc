#pragma once
/// YAML → Config. Every error names the key and where it is: "config.yaml:12:5: my_conf.interval: …".

#include <stdexcept>
#include <string>
#include <vector>

#include "lecter/config/config.h"

namespace lecter {

/// A config that cannot be used. what() is the whole message, with file:line:column.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadOptions {
  /// --dry-run: addresses Kubernetes refuses (loopback, link-local, unspecified, multicast) are
  /// accepted with a warning, so the bundled example can probe targets on this machine.
  bool allow_refused_addresses = false;
  /// --leader-elect: kubernetes_conf.leader_election.enabled, whatever the file says.
  bool leader_elect = false;
};

struct LoadedConfig {
  Config config;
  std::vector<std::string> warnings;  // with file:line:column, for the caller to log
};

/// Reads and validates a config file. Throws ConfigError on anything wrong, never anything else
/// for any content. Keeps no state: safe to call from any thread.
LoadedConfig loadConfigFile(const std::string& path, const LoadOptions& options = {});

/// Same, from text; `source_name` stands for the file name in messages.
LoadedConfig loadConfigText(const std::string& text, const std::string& source_name,
                            const LoadOptions& options = {});

/// The config file used when -f is not given: the first of ./config.yaml, ./conf/config.yaml,
/// ./src/config.yaml that exists (as the seed), or empty when none does.
std::string findDefaultConfigFile();

}  // namespace lecter
