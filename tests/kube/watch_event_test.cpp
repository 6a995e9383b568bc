#include "lecter/kube/watch_event.h"

#include <gtest/gtest.h>

namespace lecter {
namespace {

TEST(WatchEvent, DecodesAModifiedEventWithItsObjectNameAndResourceVersion) {
  std::string error;
  const auto event = decodeWatchEvent(
      R"({"type":"MODIFIED","object":{"kind":"Endpoints","metadata":{"name":"db","resourceVersion":"812"}}})",
      &error);
  ASSERT_TRUE(event) << error;
  EXPECT_EQ(event->type, WatchEvent::Type::Modified);
  EXPECT_EQ(event->name(), "db");
  EXPECT_EQ(event->resourceVersion(), "812");
  EXPECT_FALSE(event->expired());
}

TEST(WatchEvent, ABookmarkCarriesOnlyTheResourceVersion) {
  const auto event = decodeWatchEvent(
      R"({"type":"BOOKMARK","object":{"kind":"Endpoints","apiVersion":"v1","metadata":{"resourceVersion":"900"}}})",
      nullptr);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->type, WatchEvent::Type::Bookmark);
  EXPECT_EQ(event->resourceVersion(), "900");
  EXPECT_EQ(event->name(), "");
}

TEST(WatchEvent, AnErrorWithCode410MeansListAgain) {
  // What the apiserver sends when the requested resourceVersion was compacted away.
  const std::string line = R"json({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1",)json"
                           R"json("status":"Failure","message":"too old resource version: 5 (90)",)json"
                           R"json("reason":"Expired","code":410}})json";
  const auto event = decodeWatchEvent(line, nullptr);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->type, WatchEvent::Type::Error);
  EXPECT_EQ(event->statusCode(), 410);
  EXPECT_TRUE(event->expired());
}

TEST(WatchEvent, AnotherErrorIsNotAnExpiry) {
  const auto event = decodeWatchEvent(
      R"({"type":"ERROR","object":{"kind":"Status","reason":"InternalError","code":500}})", nullptr);
  ASSERT_TRUE(event);
  EXPECT_FALSE(event->expired());
}

TEST(WatchEvent, ALineThatIsNotAnEventIsRefusedWithAReason) {
  std::string error;
  EXPECT_FALSE(decodeWatchEvent("not json", &error));
  EXPECT_NE(error.find("not a JSON object"), std::string::npos) << error;
  EXPECT_FALSE(decodeWatchEvent(R"({"object":{}})", &error));
  EXPECT_NE(error.find("without a type"), std::string::npos) << error;
  EXPECT_FALSE(decodeWatchEvent(R"({"type":"RENAMED","object":{}})", &error));
  EXPECT_NE(error.find("unknown type RENAMED"), std::string::npos) << error;
  EXPECT_FALSE(decodeWatchEvent(R"({"type":"ADDED","object":"x"})", &error));
  EXPECT_NE(error.find("without an object"), std::string::npos) << error;
}

}  // namespace
}  // namespace lecter
