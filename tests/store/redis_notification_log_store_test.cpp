// The notification log in Redis: one hash, <prefix>:notified, on a connection of its own.

#include <gtest/gtest.h>

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

TEST(RedisNotificationLogStore, SavesLoadsAndErasesEntriesInOneHash) {
  RedisServer server(kPassword);
  RedisNotificationLogStore store(configFor(server));
  ASSERT_TRUE(store.save("ops/redis", R"({"at_ms":1})"));
  ASSERT_TRUE(store.save("ops/mysql", R"({"at_ms":2})"));
  ASSERT_TRUE(store.erase("ops/mysql"));
  RedisClient redis(server.host(), server.port(), kPassword);
  EXPECT_EQ(redis.hgetall("lecter-nf:notified"),
            (std::map<std::string, std::string>{{"ops/redis", R"({"at_ms":1})"}}));
  // Another run reads what this one kept.
  RedisNotificationLogStore next(configFor(server));
  const auto entries = next.load();
  ASSERT_TRUE(entries.has_value());
  EXPECT_EQ(entries->size(), 1U);
  EXPECT_EQ(entries->at("ops/redis"), R"({"at_ms":1})");
}

TEST(RedisNotificationLogStore, ARedisThatIsAwayIsOneWarningAndNoEntries) {
  LogCapture logs;
  RedisServer server(kPassword);
  RedisNotificationLogStore store(configFor(server));
  server.stop();
  EXPECT_FALSE(store.load().has_value());
  EXPECT_FALSE(store.save("ops/redis", "{}"));
  EXPECT_EQ(logs.at(spdlog::level::warn).size(), 1U);
  EXPECT_EQ(logs.all().find(kPassword), std::string::npos);
  server.start();
  EXPECT_TRUE(store.save("ops/redis", "{}")) << "connects again on the next call";
  EXPECT_TRUE(store.load().has_value());
}

}  // namespace
}  // namespace lecter
