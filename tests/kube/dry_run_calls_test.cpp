// --dry-run's sink: reads reach the ApiServer, writes and Events never do.

#include "lecter/kube/dry_run_calls.h"

#include <gtest/gtest.h>

#include "support/common/fake_kube_client.h"

namespace lecter {
namespace {

using testing::FakeKubeClient;

TEST(DryRunCalls, WritesAreAnsweredWithTheirObjectAndNeverSent) {
  FakeKubeClient server;
  DryRunCalls sink(server);
  const nlohmann::json object = {{"kind", "Endpoints"}, {"metadata", {{"name", "db"}}}};
  const KubeResult put = callAndWait(sink, KubeCall::putEndpoints(ObjectRef{"prod", "db"}, object));
  const KubeResult create = callAndWait(sink, KubeCall::createEndpointSlice("prod", object));
  const KubeResult remove = callAndWait(sink, KubeCall::deleteEndpointSlice(ObjectRef{"prod", "db-lecter"}));
  EXPECT_TRUE(put.ok());
  EXPECT_EQ(put.object, object);
  EXPECT_EQ(create.http_status, 201);
  EXPECT_TRUE(remove.ok());
  EXPECT_TRUE(sink.createEvent("prod", object).ok());
  EXPECT_TRUE(server.calls().empty());
  EXPECT_TRUE(server.events().empty());
}

TEST(DryRunCalls, AReadThatFailsIsAnsweredAsAbsentAndRemembersWhy) {
  FakeKubeClient server;
  DryRunCalls sink(server);
  server.failNext(2, 0);
  const KubeResult get = callAndWait(sink, KubeCall::getEndpoints(ObjectRef{"prod", "db"}));
  EXPECT_TRUE(get.notFound());
  const KubeResult list = callAndWait(sink, KubeCall::listEndpointSlices(ObjectRef{"prod", "cache"}, "a=b"));
  EXPECT_TRUE(list.ok());
  EXPECT_TRUE(list.object["items"].empty());
  ASSERT_TRUE(sink.unknownLive(ObjectRef{"prod", "db"}).has_value());
  EXPECT_NE(sink.unknownLive(ObjectRef{"prod", "db"})->find("live object unknown ("), std::string::npos);
  EXPECT_NE(sink.unknownLive(ObjectRef{"prod", "db"})->find("injected failure"), std::string::npos);
  EXPECT_TRUE(sink.unknownLive(ObjectRef{"prod", "cache"}).has_value());
  sink.clear();
  EXPECT_FALSE(sink.unknownLive(ObjectRef{"prod", "db"}).has_value());
  EXPECT_EQ(server.count("GET"), 1);
}

TEST(DryRunCalls, AnObjectThatIsNotThereIsNotUnknown) {
  FakeKubeClient server;
  DryRunCalls sink(server);
  EXPECT_TRUE(callAndWait(sink, KubeCall::getEndpoints(ObjectRef{"prod", "db"})).notFound());
  EXPECT_FALSE(sink.unknownLive(ObjectRef{"prod", "db"}).has_value());
}

}  // namespace
}  // namespace lecter
