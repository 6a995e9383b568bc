#include "redis_reader.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "support/common/subprocess.h"

namespace lecter::testing {

RedisReader::RedisReader(std::string host, std::uint16_t port, std::string password)
    : host_(std::move(host)), port_(port), password_(std::move(password)) {}

std::optional<std::string> RedisReader::run(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"redis-cli", "-h", host_, "-p", std::to_string(port_), "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  // The password goes through the environment, not the command line.
  const RunResult r = runToCompletion(argv, {}, std::chrono::seconds(5), {"REDISCLI_AUTH=" + password_});
  if (r.exit_code != 0 || r.out.empty()) return std::nullopt;
  return r.out;
}

std::optional<std::set<std::string>> RedisReader::members(const std::string& key) const {
  const auto out = run({"SMEMBERS", key});
  if (!out) return std::nullopt;
  const auto parsed = nlohmann::json::parse(*out, nullptr, false);
  if (!parsed.is_array()) return std::nullopt;
  std::set<std::string> members;
  for (const auto& member : parsed) {
    if (member.is_string()) members.insert(member.get<std::string>());
  }
  return members;
}

std::optional<std::map<std::string, std::string>> RedisReader::hash(const std::string& key) const {
  const auto out = run({"HGETALL", key});
  if (!out) return std::nullopt;
  const auto parsed = nlohmann::json::parse(*out, nullptr, false);
  if (!parsed.is_object()) return std::nullopt;
  std::map<std::string, std::string> fields;
  for (const auto& [name, value] : parsed.items()) {
    if (value.is_string()) fields[name] = value.get<std::string>();
  }
  return fields;
}

std::optional<std::vector<std::map<std::string, std::string>>> RedisReader::stream(
    const std::string& key) const {
  const auto out = run({"XRANGE", key, "-", "+"});
  if (!out) return std::nullopt;
  const auto parsed = nlohmann::json::parse(*out, nullptr, false);
  if (!parsed.is_array()) return std::nullopt;
  std::vector<std::map<std::string, std::string>> entries;
  for (const auto& entry : parsed) {
    // [id, [field, value, field, value, ...]]
    if (!entry.is_array() || entry.size() != 2 || !entry[1].is_array()) continue;
    std::map<std::string, std::string> fields;
    const auto& flat = entry[1];
    for (std::size_t i = 0; i + 1 < flat.size(); i += 2) {
      if (flat[i].is_string() && flat[i + 1].is_string()) {
        fields[flat[i].get<std::string>()] = flat[i + 1].get<std::string>();
      }
    }
    entries.push_back(std::move(fields));
  }
  return entries;
}

bool RedisReader::setHash(const std::string& key, const std::map<std::string, std::string>& fields) const {
  std::vector<std::string> args{"HSET", key};
  for (const auto& [field, value] : fields) {
    args.push_back(field);
    args.push_back(value);
  }
  return run(args).has_value();
}

bool RedisReader::addToSet(const std::string& key, const std::string& member) const {
  return run({"SADD", key, member}).has_value();
}

}  // namespace lecter::testing
