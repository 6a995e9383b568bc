#include "lecter_config_writer.h"

#include <cstdio>
#include <sstream>

namespace lecter::testing {

namespace {
/// A YAML double-quoted scalar (paths and passwords may hold characters YAML gives meaning to).
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string nodeName(std::size_t index) {
  const std::string number = std::to_string(index + 1);
  return "node-" + std::string(number.size() < 2 ? 2 - number.size() : 0, '0') + number;
}
}  // namespace

std::string renderConfig(const LecterSettings& settings) {
  std::ostringstream y;
  y << "my_conf:\n"
    << "  interval: " << settings.interval_ms << "\n"
    << "  pingtimeout: " << settings.ping_timeout_ms << "\n"
    << "  rise: " << settings.rise << "\n"
    << "  fall: " << settings.fall << "\n"
    << "  all_down: " << settings.all_down << "\n";
  if (!settings.listen.empty()) y << "  listen: " << quoted(settings.listen) << "\n";
  y << "\n"
    << "kubernetes_conf:\n"
    << "  url: " << settings.url << "\n"
    << "  endpointapi: /api/v1/namespaces/myNameSpaces/endpoints/myEndPoints\n"
    << "  content_type: " << settings.content_type << "\n"
    << "  token_file: " << quoted(settings.token_file) << "\n";
  if (!settings.ca_file.empty()) y << "  ca_file: " << quoted(settings.ca_file) << "\n";
  if (!settings.kubeconfig.empty()) y << "  kubeconfig: " << quoted(settings.kubeconfig) << "\n";
  if (!settings.unhealthy.empty()) y << "  unhealthy: " << settings.unhealthy << "\n";
  if (!settings.mode.empty()) y << "  mode: " << settings.mode << "\n";
  if (settings.watch) y << "  watch: " << (*settings.watch ? "true" : "false") << "\n";
  if (!settings.leader_election.empty()) y << "  leader_election:\n" << settings.leader_election;
  if (settings.shards > 0) y << "  shards: " << settings.shards << "\n";
  y << "\n";
  if (settings.redis) {
    y << "storage_conf:\n"
      << "  redis:\n"
      << "    ipport: " << settings.redis->ipport << "\n"
      << "    password: " << quoted(settings.redis->password) << "\n"
      << "    db: " << settings.redis->db << "\n"
      << "    key_prefix: " << settings.redis->key_prefix << "\n"
      << "\n";
  }
  y << "service_info:\n";
  for (const auto& s : settings.services) {
    y << "  " << s.key << ":\n"
      << "    namespace: " << s.ns << "\n"
      << "    name: " << s.name << "\n";
  }
  y << "\nservice_healthcheck_list:\n";
  for (const auto& s : settings.services) {
    y << "  " << s.key << ":\n";
    if (s.healthcheck_lines.empty()) {
      y << "  - port: " << s.port << "\n";
    } else {
      y << s.healthcheck_lines;
    }
    y << "  - iplist:\n";
    for (std::size_t i = 0; i < s.ips.size(); ++i) {
      y << "    - name: " << nodeName(i) << "\n"
        << "      ip: " << s.ips[i] << "\n";
    }
  }
  y << "\n"
    << "endpoint_template:\n"
    << "  kind: Endpoints\n"
    << "  apiVersion: v1\n"
    << "  metadata:\n"
    << "    name: ceph\n"
    << "    namespace: default\n"
    << "  subsets:\n"
    << "    - addresses:\n"
    << "        - ip: 10.0.0.71\n"
    << "      ports:\n"
    << "        - port: 8080\n"
    << "          protocol: TCP\n";
  if (!settings.notify.empty()) y << "\nnotify:\n" << settings.notify;
  return y.str();
}

}  // namespace lecter::testing
