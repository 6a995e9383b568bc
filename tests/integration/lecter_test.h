#pragma once
/// The stage for the end-to-end tests: a network namespace holding the targets, the ApiServer
/// fixture over HTTPS, a real redis-server with a password, and the real lecter binary run against
/// them. Every output lecter printed in a test is checked for the token and the Redis password when
/// the test ends (issue 2, acceptance 5).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lecter_config_writer.h"
#include "redis_reader.h"
#include "support/apiserver/apiserver_fixture.h"
#include "support/common/subprocess.h"
#include "support/common/temp_dir.h"
#include "support/netns/test_network.h"
#include "support/redis/redis_server.h"

namespace lecter::testing {

inline constexpr char kToken[] = "test-token";
inline constexpr char kRedisPassword[] = "it-redis-pw-5b7e1c";
/// The one service of settingsFor(): key and name "db" in namespace "default", targets at kPort.
inline constexpr std::uint16_t kPort = 15432;
inline constexpr char kNamespace[] = "default";
inline constexpr char kName[] = "db";
inline constexpr char kKeyPrefix[] = "lecter-it";

class LecterTest : public ::testing::Test {
 public:
  /// <prefix>:target:db/<ip>:<port>.
  [[nodiscard]] static std::string targetHashKey(const std::string& ip);
  /// <prefix>:transitions.
  [[nodiscard]] static std::string transitionsKey();

 protected:
  void SetUp() override;
  void TearDown() override;

  /// Settings pointing at this test's ApiServer (HTTPS, its CA, the token file) and Redis, with one
  /// service "db" (default/db, port kPort) over `ips`.
  LecterSettings settingsFor(const std::vector<std::string>& ips) const;
  /// The same with one service per name (key and name, in namespace "default"), each over `ips`.
  LecterSettings settingsForServices(const std::vector<std::string>& names,
                                     const std::vector<std::string>& ips) const;

  /// settingsFor(ips) with my_conf.listen on a free loopback port, which is kept in listen_port_.
  LecterSettings listeningSettings(const std::vector<std::string>& ips);

  /// Adds hosts 0..count-1 to the namespace and opens a listener on each, at kPort.
  std::vector<std::string> openTargets(int count);

  /// Writes `settings` to a new config file and starts `lecter -f FILE ARGS...` in the background.
  Subprocess& startLecter(const LecterSettings& settings, const std::vector<std::string>& args = {});
  /// Starts `lecter -f CONFIG_PATH ARGS...` in the background on a config file the test made.
  Subprocess& startLecterOn(const std::string& config_path, const std::vector<std::string>& args = {});
  /// startLecter() inside the network namespace `netns` (`ip netns exec`): it reaches only what that
  /// namespace reaches (see LoopbackBridge).
  Subprocess& startLecterIn(const std::string& netns, const LecterSettings& settings);
  /// Writes `settings` and runs `lecter -f FILE ARGS...` to completion (at most `timeout`).
  RunResult runLecter(const LecterSettings& settings, const std::vector<std::string>& args,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20));

  /// The config file that the latest startLecter() or runLecter() wrote and started lecter with.
  [[nodiscard]] const std::string& lastConfigPath() const { return last_config_path_; }

  /// Ready IPs of default/db in the ApiServer, sorted.
  [[nodiscard]] std::vector<std::string> readyIps() const;
  /// Waits (at most `timeout`) until readyIps() equals `expected` (sorted).
  bool eventuallyReady(std::vector<std::string> expected, std::chrono::milliseconds timeout) const;

  /// Reads the Redis of this test.
  [[nodiscard]] RedisReader redisReader() const;

  TempDir dir_;
  std::unique_ptr<TestNetwork> network_;
  std::unique_ptr<ApiServerFixture> api_;
  std::unique_ptr<RedisServer> redis_;
  std::string token_file_;
  /// "NAME=value" entries added to (or replacing in) the environment of every lecter started.
  std::vector<std::string> lecter_env_;
  /// The port of the latest listeningSettings().
  std::uint16_t listen_port_ = 0;
  /// More texts no output of lecter may show (a robot's token or signing secret).
  std::vector<std::string> secrets_;

 private:
  std::string writeConfig(const LecterSettings& settings);
  void checkNoSecrets(const std::string& what, const std::string& output) const;

  int configs_written_ = 0;
  std::string last_config_path_;
  std::vector<std::unique_ptr<Subprocess>> running_;
};

}  // namespace lecter::testing
