#include "lecter/config/config_loader.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config_sections.h"
#include "endpoints_template.h"
#include "service_list.h"
#include "yaml_value.h"

namespace lecter {
namespace {

using config_internal::YamlMap;
using config_internal::YamlValue;

// A config is a few kilobytes; anything this big is the wrong file.
constexpr std::uintmax_t kMaxConfigBytes = 16U * 1024 * 1024;

std::string position(const std::string& source, const YAML::Mark& mark) {
  const int line = mark.is_null() ? 1 : mark.line + 1;
  const int column = mark.is_null() ? 1 : mark.column + 1;
  return source + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::vector<YAML::Node> parseDocuments(const std::string& text, const std::string& source) {
  try {
    return YAML::LoadAll(text);
  } catch (const YAML::Exception& error) {
    throw ConfigError(position(source, error.mark) + ": invalid YAML: " + error.msg);
  }
}

LoadedConfig readRoot(const YAML::Node& document, const std::string& source, const LoadOptions& options) {
  const YamlValue root(document, "", &source, YAML::Mark());
  const YamlMap map(root,
                    "a mapping with my_conf, kubernetes_conf, service_info, service_healthcheck_list and "
                    "endpoint_template");
  map.allowOnly({"my_conf", "kubernetes_conf", "storage_conf", "service_info", "service_healthcheck_list",
                 "endpoint_template"});
  LoadedConfig loaded;
  Config& config = loaded.config;
  config.source_path = source;
  config_internal::readMyConf(map.require("my_conf"), config);
  config.kubernetes = config_internal::readKubernetesConf(map.require("kubernetes_conf"));
  if (const auto storage = map.find("storage_conf"))
    config.redis = config_internal::readStorageConf(*storage);
  const YamlValue service_info = map.require("service_info");
  const YamlValue healthcheck_list = map.require("service_healthcheck_list");
  config.services = config_internal::readServices(service_info, healthcheck_list, options, loaded.warnings);
  config.endpoint_template = config_internal::readEndpointsTemplate(map.require("endpoint_template"));
  return loaded;
}

}  // namespace

LoadedConfig loadConfigText(const std::string& text, const std::string& source_name,
                            const LoadOptions& options) {
  const std::vector<YAML::Node> documents = parseDocuments(text, source_name);
  if (documents.empty()) {
    throw ConfigError(source_name +
                      ":1:1: holds no configuration (expected a mapping with my_conf, kubernetes_conf, "
                      "service_info, service_healthcheck_list and endpoint_template)");
  }
  if (documents.size() > 1) {
    throw ConfigError(position(source_name, documents[1].Mark()) +
                      ": a second YAML document; the whole configuration belongs in one");
  }
  try {
    return readRoot(documents.front(), source_name, options);
  } catch (const YAML::Exception& error) {
    // The checks avoid every throwing yaml-cpp call they know of; this keeps a missed one an
    // ordinary config error rather than a crash.
    throw ConfigError(position(source_name, error.mark) + ": " + error.msg);
  }
}

LoadedConfig loadConfigFile(const std::string& path, const LoadOptions& options) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw ConfigError(path + ": is a directory, not a config file");
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxConfigBytes) {
    throw ConfigError(path + ": is " + std::to_string(size) + " bytes; a config file is at most 16 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(path + ": cannot read: " + std::strerror(errno));
  return loadConfigText(text.str(), path, options);
}

}  // namespace lecter
