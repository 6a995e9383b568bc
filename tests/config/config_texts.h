#pragma once
/// Config texts shared by the config tests.

#include <stdexcept>
#include <string>
#include <string_view>

#include "lecter/config/config_loader.h"

namespace lecter::testing {

/// The seed's config.yaml, copied unchanged.
inline std::string seedConfigPath() {
  return std::string(LECTER_SOURCE_DIR) + "/tests/fixtures/seed-config.yaml";
}

/// The smallest valid config. Tests change one line of it, so its line numbers matter:
/// my_conf 1-3, kubernetes_conf 4-6, service_info 7-10, service_healthcheck_list 11-18,
/// endpoint_template 19-28.
inline constexpr std::string_view kMinimalConfig =
    "my_conf:\n"                         // 1
    "  interval: 2000\n"                 // 2
    "  pingtimeout: 3000\n"              // 3
    "kubernetes_conf:\n"                 // 4
    "  url: https://198.18.0.10:6443\n"  // 5
    "  token_file: default\n"            // 6
    "service_info:\n"                    // 7
    "  db:\n"                            // 8
    "    namespace: default\n"           // 9
    "    name: db\n"                     // 10
    "service_healthcheck_list:\n"        // 11
    "  db:\n"                            // 12
    "  - port: 5432\n"                   // 13
    "  - iplist:\n"                      // 14
    "    - name: node-01\n"              // 15
    "      ip: 198.18.0.21\n"            // 16
    "    - name: node-02\n"              // 17
    "      ip: 198.18.0.22\n"            // 18
    "endpoint_template:\n"               // 19
    "  kind: Endpoints\n"                // 20
    "  apiVersion: v1\n"                 // 21
    "  metadata:\n"                      // 22
    "    name: db\n"                     // 23
    "    namespace: default\n"           // 24
    "  subsets:\n"                       // 25
    "  - ports:\n"                       // 26
    "    - port: 5432\n"                 // 27
    "      protocol: TCP\n";             // 28

/// `text` with its one occurrence of `from` replaced by `to`. Throws when `from` is not there exactly
/// once, so a case can neither silently test the unchanged text nor change the wrong line.
inline std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
  std::string out(text);
  const std::size_t at = out.find(from);
  if (at == std::string::npos) throw std::invalid_argument("not in the text: " + std::string(from));
  if (out.find(from, at + 1) != std::string::npos) {
    throw std::invalid_argument("more than once in the text: " + std::string(from));
  }
  out.replace(at, from.size(), to);
  return out;
}

/// The config `text` loads to, read as if from config.yaml; throws its ConfigError.
inline Config loadText(const std::string& text) { return loadConfigText(text, "config.yaml").config; }

/// The ConfigError message `text` is refused with, or "(accepted)".
inline std::string refusal(const std::string& text) {
  try {
    loadText(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(accepted)";
}

/// kMinimalConfig with `line` added to my_conf (after pingtimeout, at line 4).
inline std::string withMyConfLine(const std::string& line) {
  return replaced(kMinimalConfig, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n  " + line + "\n");
}

}  // namespace lecter::testing
