// The notification log in Redis: one hash, <prefix>:notified, on a connection of its own.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "lecter/store/redis_notification_log_store.h"
#include "support/common/log_capture.h"
#include "support/redis/redis_client.h"
#include "support/redis/redis_server.h"

namespace lecter {
namespace {

using testing::LogCapture;
using testing::RedisClient;
using testing::RedisServer;

constexpr const char* kPassword = "nflog-Pa55-7d1c";

RedisConfig configFor(const RedisServer& server) {
  RedisConfig config;
  config.host = server.host();
  config.port = server.port();
  config.password = server.password();
  config.key_prefix = "lecter-nf";
  return config;
}

TEST(RedisNotificationLogStore, KeepsAndRemovesEntriesInOneHash) {
  RedisServer server(kPassword);
  RedisNotificationLogStore store(configFor(server));
  ASSERT_TRUE(store.write({{"ops/redis", R"({"at_ms":1})"}, {"ops/mysql", R"({"at_ms":2})"}}));
  ASSERT_TRUE(store.write({{"ops/mysql", std::nullopt}, {"ops/kafka", R"({"at_ms":3})"}}));
  RedisClient redis(server.host(), server.port(), kPassword);
  EXPECT_EQ(
      redis.hgetall("lecter-nf:notified"),
      (std::map<std::string, std::string>{{"ops/kafka", R"({"at_ms":3})"}, {"ops/redis", R"({"at_ms":1})"}}));
  // Another run reads what this one kept.
  RedisNotificationLogStore next(configFor(server));
  const auto entries = next.load();
  ASSERT_TRUE(entries.has_value());
  EXPECT_EQ(entries->size(), 2U);
  EXPECT_EQ(entries->at("ops/redis"), R"({"at_ms":1})");
}

TEST(RedisNotificationLogStore, ARedisThatIsAwayIsOneWarningAndNoEntries) {
  LogCapture logs;
  RedisServer server(kPassword);
  RedisNotificationLogStore store(configFor(server));
  server.stop();
  EXPECT_FALSE(store.load().has_value());
  EXPECT_FALSE(store.write({{"ops/redis", "{}"}}));
  EXPECT_EQ(logs.at(spdlog::level::warn).size(), 1U);
  EXPECT_EQ(logs.all().find(kPassword), std::string::npos);
  server.start();
  EXPECT_TRUE(store.write({{"ops/redis", "{}"}})) << "connects again on the next call";
  EXPECT_TRUE(store.load().has_value());
}

/// A Redis that hangs: it accepts and reads what it is sent, and never answers. Says when bytes came.
class SilentServer {
 public:
  SilentServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(listener_, 4) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on loopback");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      client_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      char byte = 0;
      if (client_ >= 0 && ::recv(client_, &byte, 1, 0) == 1) {
        const std::lock_guard lock(mutex_);
        heard_ = true;
      }
      heard_changed_.notify_all();
    });
  }
  ~SilentServer() {
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    if (client_ >= 0) ::close(client_);
    ::close(listener_);
  }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
  [[nodiscard]] std::uint16_t port() const { return port_; }
  bool waitUntilHeard() {
    std::unique_lock lock(mutex_);
    return heard_changed_.wait_for(lock, std::chrono::minutes(1), [this] { return heard_; });
  }

 private:
  int listener_ = -1;
  int client_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable heard_changed_;
  bool heard_ = false;
};

TEST(RedisNotificationLogStore, AnInterruptEndsAnExchangeWithAServerThatHangs) {
  LogCapture logs;
  SilentServer silent;
  RedisConfig config;
  config.host = "127.0.0.1";
  config.port = silent.port();
  config.password = kPassword;
  // A timeout no test run waits out: only the interrupt can end the exchange.
  RedisNotificationLogStore store(config, std::chrono::minutes(10));
  auto written = std::async(std::launch::async, [&store] { return store.write({{"ops/mysql", "{}"}}); });
  ASSERT_TRUE(silent.waitUntilHeard()) << "the store is waiting for an answer";
  store.interrupt();
  ASSERT_EQ(written.wait_for(std::chrono::minutes(2)), std::future_status::ready);
  EXPECT_FALSE(written.get());
  EXPECT_FALSE(store.load().has_value()) << "nothing starts after an interrupt";
  EXPECT_TRUE(logs.at(spdlog::level::warn).empty()) << "a stop is not an outage: " << logs.all();
}

}  // namespace
}  // namespace lecter
