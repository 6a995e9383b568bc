#include "lecter/kube/object_cache.h"

#include <gtest/gtest.h>

namespace lecter {
namespace {

using nlohmann::json;
using State = CacheLookup::State;

json object(const std::string& name, const std::string& version, const std::string& ip = "198.18.0.10") {
  return {{"metadata",
           {{"name", name},
            {"resourceVersion", version},
            {"labels", {{"app.kubernetes.io/managed-by", "lecter"}}}}},
          {"subsets", json::array({{{"addresses", json::array({{{"ip", ip}}})}}})}};
}

WatchEvent modified(const json& o) { return WatchEvent{WatchEvent::Type::Modified, o}; }
WatchEvent deleted(const json& o) { return WatchEvent{WatchEvent::Type::Deleted, o}; }

std::string versionOf(const CacheLookup& lookup) {
  return lookup.object.value("/metadata/resourceVersion"_json_pointer, std::string("(none)"));
}

class ObjectCacheTest : public ::testing::Test {
 protected:
  ObjectCache cache_{"Endpoints in prod", {{"app.kubernetes.io/managed-by", "lecter"}}};
};

TEST_F(ObjectCacheTest, NothingIsTrustedBeforeTheFirstList) {
  EXPECT_FALSE(cache_.synced());
  EXPECT_EQ(cache_.find("db").state, State::Unknown);
  EXPECT_FALSE(cache_.list([](const json&) { return true; }));
}

TEST_F(ObjectCacheTest, AListFillsTheCacheAndEventsKeepItCurrent) {
  cache_.replace({object("db", "10"), object("mq", "11")});
  EXPECT_TRUE(cache_.synced());
  EXPECT_EQ(versionOf(cache_.find("db")), "10");
  cache_.apply(modified(object("db", "12", "198.18.0.11")));
  cache_.apply(deleted(object("mq", "13")));
  EXPECT_EQ(cache_.find("db").object["subsets"][0]["addresses"][0]["ip"], "198.18.0.11");
  EXPECT_EQ(cache_.find("mq").state, State::Absent);
  EXPECT_EQ(cache_.find("never-seen").state, State::Absent);
  EXPECT_EQ(cache_.size(), 1U);
}

TEST_F(ObjectCacheTest, WhileNotSyncedReadersAreToldToAskTheApiServer) {
  cache_.replace({object("db", "10")});
  cache_.setSynced(false);
  EXPECT_EQ(cache_.find("db").state, State::Unknown);
  EXPECT_FALSE(cache_.list([](const json&) { return true; }));
}

TEST_F(ObjectCacheTest, AWriteIsServedAtOnceAndOlderEventsStillInTheWatchDoNotUndoIt) {
  cache_.replace({object("db", "10")});
  cache_.writeThrough(object("db", "15", "198.18.0.20"));
  EXPECT_EQ(versionOf(cache_.find("db")), "15");
  // Another writer's change and a deletion from before lecter's write arrive late.
  cache_.apply(modified(object("db", "12", "198.18.0.99")));
  cache_.apply(deleted(object("db", "13")));
  EXPECT_EQ(versionOf(cache_.find("db")), "15");
  // lecter's own write comes back; what follows it counts again.
  cache_.apply(modified(object("db", "15", "198.18.0.20")));
  cache_.apply(modified(object("db", "16", "198.18.0.66")));
  EXPECT_EQ(versionOf(cache_.find("db")), "16");
}

TEST_F(ObjectCacheTest, AWriteTheWatchDeliveredFirstDoesNotHideLaterChanges) {
  cache_.replace({object("db", "10")});
  cache_.apply(modified(object("db", "15")));  // lecter's write, delivered before its answer was handled
  cache_.apply(modified(object("db", "16")));  // then someone else's
  cache_.writeThrough(object("db", "15"));
  EXPECT_EQ(versionOf(cache_.find("db")), "16");
  cache_.apply(modified(object("db", "17")));
  EXPECT_EQ(versionOf(cache_.find("db")), "17");
}

TEST_F(ObjectCacheTest, AnInvalidatedObjectIsUnknownUntilWrittenOrReadThroughAgain) {
  cache_.replace({object("db", "10"), object("mq", "10")});
  cache_.invalidate("db");
  EXPECT_EQ(cache_.find("db").state, State::Unknown);
  EXPECT_EQ(cache_.find("mq").state, State::Present);
  EXPECT_FALSE(cache_.list([](const json&) { return true; })) << "a list would hide the stale object";
  cache_.writeThrough(object("db", "20"));
  EXPECT_EQ(versionOf(cache_.find("db")), "20");
  EXPECT_TRUE(cache_.list([](const json&) { return true; }));
}

TEST_F(ObjectCacheTest, ANewListForgetsInvalidationsAndPendingWrites) {
  cache_.replace({object("db", "10")});
  cache_.invalidate("db");
  cache_.replace({object("db", "30")});
  EXPECT_EQ(versionOf(cache_.find("db")), "30");
  cache_.writeThrough(object("db", "31"));
  cache_.replace({object("db", "40")});
  cache_.apply(modified(object("db", "41")));
  EXPECT_EQ(versionOf(cache_.find("db")), "41");
}

TEST_F(ObjectCacheTest, AnObjectWithoutTheWatchedLabelIsNeverKept) {
  cache_.replace({});
  json unlabelled = object("db", "10");
  unlabelled["metadata"].erase("labels");
  cache_.writeThrough(unlabelled);
  EXPECT_EQ(cache_.find("db").state, State::Absent);
}

TEST_F(ObjectCacheTest, ARemovalIsServedAtOnceAndLateEventsDoNotBringTheObjectBack) {
  cache_.replace({object("s1", "10")});
  cache_.removeThrough("s1");
  EXPECT_EQ(cache_.find("s1").state, State::Absent);
  cache_.apply(modified(object("s1", "11")));  // from before the delete
  EXPECT_EQ(cache_.find("s1").state, State::Absent);
  cache_.apply(deleted(object("s1", "12")));
  cache_.apply(WatchEvent{WatchEvent::Type::Added, object("s1", "13")});  // created again later
  EXPECT_EQ(versionOf(cache_.find("s1")), "13");
}

TEST_F(ObjectCacheTest, ADirectListRefreshesTheSelectedObjects) {
  cache_.replace({object("a", "10"), object("b", "10")});
  cache_.invalidate("b");
  cache_.refreshFrom({object("a", "12")}, [](const json&) { return true; });
  EXPECT_EQ(versionOf(cache_.find("a")), "12");
  EXPECT_EQ(cache_.find("b").state, State::Absent);
  EXPECT_TRUE(cache_.list([](const json&) { return true; }));
}

}  // namespace
}  // namespace lecter
