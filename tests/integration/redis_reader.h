#pragma once
/// Reads what lecter wrote to Redis, through redis-cli (the tests see Redis as an operator would), and
/// writes a known state for lecter to read.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lecter::testing {

class RedisReader {
 public:
  RedisReader(std::string host, std::uint16_t port, std::string password);

  /// Every field of the hash at `key` (empty when absent); nullopt when Redis cannot be reached.
  [[nodiscard]] std::optional<std::map<std::string, std::string>> hash(const std::string& key) const;
  /// The entries of the stream at `key`, oldest first, each as its fields; nullopt when Redis cannot
  /// be reached.
  [[nodiscard]] std::optional<std::vector<std::map<std::string, std::string>>> stream(
      const std::string& key) const;

  /// HSET key field value...; true when Redis took it.
  bool setHash(const std::string& key, const std::map<std::string, std::string>& fields) const;
  /// SMEMBERS key (empty when absent); nullopt when Redis cannot be reached.
  [[nodiscard]] std::optional<std::set<std::string>> members(const std::string& key) const;
  /// SADD key member; true when Redis took it.
  bool addToSet(const std::string& key, const std::string& member) const;

 private:
  /// redis-cli --json ARGS; nullopt when it fails.
  [[nodiscard]] std::optional<std::string> run(const std::vector<std::string>& args) const;

  std::string host_;
  std::uint16_t port_;
  std::string password_;
};

}  // namespace lecter::testing
