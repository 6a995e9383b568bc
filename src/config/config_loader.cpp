#include "lecter/config/config_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>

#include "config_sections.h"
#include "endpoints_template.h"
#include "lecter/base/file_reading.h"
#include "notify_section.h"
#include "scalar_text.h"
#include "service_list.h"
#include "yaml_value.h"

namespace lecter {
namespace {

using config_internal::YamlMap;
using config_internal::YamlValue;

// A config is a few kilobytes; anything this big is the wrong file.
constexpr std::size_t kMaxConfigBytes = 16U * 1024 * 1024;

std::string position(const std::string& source, const YAML::Mark& mark) {
  const int line = mark.is_null() ? 1 : mark.line + 1;
  const int column = mark.is_null() ? 1 : mark.column + 1;
  return source + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// yaml-cpp's own message, which may quote the offending character as it is (a control character
// would break the one-line message).
std::string yamlMessage(const YAML::Exception& error) {
  return config_internal::printable(error.msg, error.msg.size());
}

// yaml-cpp's errors for a tab in the indentation ("illegal map value", "end of map not found"...) never
// say tab; YAML allows only spaces there. The first such line up to the error's names the cause.
std::string tabHint(const std::string& text, const YAML::Mark& mark) {
  const int last_line = mark.is_null() ? -1 : mark.line;
  std::size_t start = 0;
  for (int line = 0; start < text.size() && (last_line < 0 || line <= last_line); ++line) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::size_t indent_end = text.find_first_not_of(" \t", start);
    if (text.find('\t', start) < std::min(indent_end, end)) {
      return " (line " + std::to_string(line + 1) + " is indented with a tab: YAML indents with spaces only)";
    }
    start = end + 1;
  }
  return {};
}

// Notes where each document starts, and nothing else.
class DocumentStarts : public YAML::EventHandler {
 public:
  [[nodiscard]] const std::vector<YAML::Mark>& starts() const { return starts_; }

  void OnDocumentStart(const YAML::Mark& mark) override { starts_.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {}
  void OnAlias(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {}
  void OnScalar(const YAML::Mark& /*mark*/, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                const std::string& /*value*/) override {}
  void OnSequenceStart(const YAML::Mark& /*mark*/, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                       YAML::EmitterStyle::value /*style*/) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& /*mark*/, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                  YAML::EmitterStyle::value /*style*/) override {}
  void OnMapEnd() override {}

 private:
  std::vector<YAML::Mark> starts_;
};

// The one document of `text`. Not YAML::LoadAll: on a ',' where a node should begin, yaml-cpp 0.7
// returns the same empty document again and again without consuming anything, and LoadAll collects
// them until memory runs out (jbeder/yaml-cpp#1040, fixed upstream after 0.8). Two documents are
// all we need to see, and a second one that starts where the first did is that fault.
YAML::Node parseOneDocument(const std::string& text, const std::string& source) {
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentStarts documents;
    while (documents.starts().size() < 2 && parser.HandleNextDocument(documents)) {
    }
    const std::vector<YAML::Mark>& starts = documents.starts();
    if (starts.empty()) {
      throw ConfigError(source +
                        ":1:1: holds no configuration (expected a mapping with my_conf, kubernetes_conf, "
                        "service_info, service_healthcheck_list and endpoint_template)");
    }
    if (starts.size() == 2 && starts[1].pos == starts[0].pos) {
      const auto at = static_cast<std::size_t>(starts[0].pos);
      const std::string found = at < text.size() ? config_internal::quotedText(text.substr(at, 1)) : "text";
      throw ConfigError(position(source, starts[0]) + ": invalid YAML: unexpected " + found);
    }
    if (starts.size() == 2) {
      throw ConfigError(position(source, starts[1]) +
                        ": a second YAML document; the whole configuration belongs in one");
    }
    return YAML::Load(text);
  } catch (const YAML::Exception& error) {
    throw ConfigError(position(source, error.mark) + ": invalid YAML: " + yamlMessage(error) +
                      tabHint(text, error.mark));
  }
}

LoadedConfig readRoot(const YAML::Node& document, const std::string& source, const LoadOptions& options) {
  const YamlValue root(document, "", &source, YAML::Mark());
  const YamlMap map(root,
                    "a mapping with my_conf, kubernetes_conf, service_info, service_healthcheck_list and "
                    "endpoint_template");
  map.allowOnly({"my_conf", "kubernetes_conf", "storage_conf", "service_info", "service_healthcheck_list",
                 "endpoint_template", "notify"});
  LoadedConfig loaded;
  Config& config = loaded.config;
  config.source_path = source;
  config_internal::readMyConf(map.require("my_conf"), config);
  if (const auto storage = map.find("storage_conf"))
    config.redis = config_internal::readStorageConf(*storage);
  config.kubernetes = config_internal::readKubernetesConf(map.require("kubernetes_conf"),
                                                          config.redis.has_value(), options.leader_elect);
  const YamlValue service_info = map.require("service_info");
  const YamlValue healthcheck_list = map.require("service_healthcheck_list");
  config.services = config_internal::readServices(service_info, healthcheck_list, options, loaded.warnings);
  config.endpoint_template = config_internal::readEndpointsTemplate(map.require("endpoint_template"));
  if (const auto notify = map.find("notify"))
    config.notify = config_internal::readNotify(*notify, config.services);
  return loaded;
}

}  // namespace

LoadedConfig loadConfigText(const std::string& text, const std::string& source_name,
                            const LoadOptions& options) {
  const YAML::Node document = parseOneDocument(text, source_name);
  try {
    return readRoot(document, source_name, options);
  } catch (const YAML::Exception& error) {
    // The checks avoid every throwing yaml-cpp call they know of; this keeps a missed one an
    // ordinary config error rather than a crash.
    throw ConfigError(position(source_name, error.mark) + ": " + yamlMessage(error));
  }
}

LoadedConfig loadConfigFile(const std::string& path, const LoadOptions& options) {
  // Not a stream: a FIFO (or a device) at the path would block SIGHUP's reload, and with it SIGTERM.
  FileRead file = readRegularFile(path, kMaxConfigBytes);
  if (!file.ok()) throw ConfigError(path + ": " + file.error);
  return loadConfigText(file.content, path, options);
}

}  // namespace lecter
