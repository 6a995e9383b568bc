#pragma once
/// A plain Redis client for tests to look at what was written (and to put other people's keys in
/// place), kept apart from the store's own connection code so it cannot share its mistakes.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lecter::testing {

/// One entry of a stream: its id and its fields.
struct StreamEntry {
  std::string id;
  std::map<std::string, std::string> fields;
};

class RedisClient {
 public:
  /// Connects, authenticates when `password` is non-empty and selects `db`. Throws
  /// std::runtime_error when any of that fails.
  RedisClient(const std::string& host, std::uint16_t port, const std::string& password = "", int db = 0);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  /// Runs a command whose reply is a string, status, integer or nil, and returns it as text ("" for
  /// nil). Throws std::runtime_error on an error reply or a broken connection.
  std::string command(const std::vector<std::string>& argv);

  /// Every key of the selected database (SCAN, sorted).
  std::vector<std::string> keys();
  std::map<std::string, std::string> hgetall(const std::string& key);
  std::vector<std::string> smembers(const std::string& key);  // sorted
  long long xlen(const std::string& key);
  /// All entries, oldest first.
  std::vector<StreamEntry> xrange(const std::string& key);

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

/// True when something on host:port speaks Redis (a PONG, or a NOAUTH from a protected server).
bool redisAnswers(const std::string& host, std::uint16_t port);

}  // namespace lecter::testing
