#include "lecter_test.h"

#include <signal.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include "support/common/free_port.h"

namespace lecter::testing {

namespace {
constexpr std::chrono::seconds kStopTimeout{5};

std::string tail(const std::string& text, std::size_t max) {
  return text.size() <= max ? text : "…" + text.substr(text.size() - max);
}
}  // namespace

void LecterTest::SetUp() {
  if (const auto why = TestNetwork::unavailableReason()) GTEST_SKIP() << *why;
  network_ = std::make_unique<TestNetwork>();
  api_ = std::make_unique<ApiServerFixture>();
  redis_ = std::make_unique<RedisServer>(kRedisPassword);
  // A trailing newline, as `kubectl create token > token` leaves one: lecter must trim it.
  token_file_ = dir_.write("token", std::string(kToken) + "\n");
}

void LecterTest::TearDown() {
  for (std::size_t i = 0; i < running_.size(); ++i) {
    Subprocess& p = *running_[i];
    const std::string what = "lecter run #" + std::to_string(i + 1);
    if (p.running()) {
      p.signal(SIGTERM);
      const auto code = p.wait(kStopTimeout);
      if (!code) p.signal(SIGKILL);
      p.wait(kStopTimeout);
      EXPECT_EQ(code, std::optional<int>(0)) << what << " did not exit 0 on SIGTERM";
    }
    // A sanitizer build of lecter reports here (also leaks, at exit).
    EXPECT_EQ(p.err().find("Sanitizer"), std::string::npos) << what << " hit a sanitizer report";
    EXPECT_EQ(p.err().find("runtime error:"), std::string::npos) << what << " hit undefined behaviour";
    checkNoSecrets(what + " stdout", p.out());
    checkNoSecrets(what + " stderr", p.err());
    if (HasFailure()) std::cerr << "---- " << what << " stderr ----\n" << tail(p.err(), 6000) << "\n";
  }
  running_.clear();
}

void LecterTest::checkNoSecrets(const std::string& what, const std::string& output) const {
  EXPECT_EQ(output.find(kToken), std::string::npos) << what << " shows the bearer token";
  EXPECT_EQ(output.find(kRedisPassword), std::string::npos) << what << " shows the Redis password";
  for (const auto& secret : secrets_)
    EXPECT_EQ(output.find(secret), std::string::npos) << what << " shows " << secret;
}

LecterSettings LecterTest::settingsFor(const std::vector<std::string>& ips) const {
  return settingsForServices({kName}, ips);
}

LecterSettings LecterTest::settingsForServices(const std::vector<std::string>& names,
                                               const std::vector<std::string>& ips) const {
  LecterSettings s;
  s.url = api_->url();
  s.ca_file = api_->caFile();
  s.token_file = token_file_;
  s.redis =
      RedisUnderTest{redis_->host() + ":" + std::to_string(redis_->port()), kRedisPassword, 0, kKeyPrefix};
  for (const auto& name : names) {
    ServiceUnderTest service;
    service.key = name;
    service.ns = kNamespace;
    service.name = name;
    service.port = kPort;
    service.ips = ips;
    s.services.push_back(service);
  }
  return s;
}

LecterSettings LecterTest::listeningSettings(const std::vector<std::string>& ips) {
  listen_port_ = freeLoopbackPort();
  LecterSettings settings = settingsFor(ips);
  settings.listen = "127.0.0.1:" + std::to_string(listen_port_);
  return settings;
}

std::vector<std::string> LecterTest::openTargets(int count) {
  std::vector<std::string> ips;
  for (int i = 0; i < count; ++i) {
    ips.push_back(network_->addHost(i));
    network_->openListener(ips.back(), kPort);
  }
  return ips;
}

std::string LecterTest::writeConfig(const LecterSettings& settings) {
  ++configs_written_;
  last_config_path_ =
      dir_.write("config-" + std::to_string(configs_written_) + ".yaml", renderConfig(settings));
  return last_config_path_;
}

Subprocess& LecterTest::startLecter(const LecterSettings& settings, const std::vector<std::string>& args) {
  return startLecterOn(writeConfig(settings), args);
}

Subprocess& LecterTest::startLecterOn(const std::string& config_path, const std::vector<std::string>& args) {
  std::vector<std::string> argv{LECTER_BINARY, "-f", config_path};
  argv.insert(argv.end(), args.begin(), args.end());
  running_.push_back(std::make_unique<Subprocess>(argv, dir_.path(), lecter_env_));
  return *running_.back();
}

Subprocess& LecterTest::startLecterIn(const std::string& netns, const LecterSettings& settings) {
  const std::vector<std::string> argv{
      "ip", "netns", "exec", netns, LECTER_BINARY, "-f", writeConfig(settings)};
  running_.push_back(std::make_unique<Subprocess>(argv, dir_.path(), lecter_env_));
  return *running_.back();
}

RunResult LecterTest::runLecter(const LecterSettings& settings, const std::vector<std::string>& args,
                                std::chrono::milliseconds timeout) {
  Subprocess& p = startLecter(settings, args);
  RunResult result;
  result.exit_code = p.wait(timeout).value_or(-1);
  result.out = p.out();
  result.err = p.err();
  return result;
}

std::vector<std::string> LecterTest::readyIps() const { return api_->readyIps(kNamespace, kName); }

bool LecterTest::eventuallyReady(std::vector<std::string> expected, std::chrono::milliseconds timeout) const {
  std::sort(expected.begin(), expected.end());
  return eventually([&] { return readyIps() == expected; }, timeout);
}

RedisReader LecterTest::redisReader() const {
  return RedisReader(redis_->host(), redis_->port(), kRedisPassword);
}

std::string LecterTest::targetHashKey(const std::string& ip) {
  return std::string(kKeyPrefix) + ":target:" + kName + "/" + ip + ":" + std::to_string(kPort);
}

}  // namespace lecter::testing

namespace lecter::testing {
std::string LecterTest::transitionsKey() { return std::string(kKeyPrefix) + ":transitions"; }
}  // namespace lecter::testing
