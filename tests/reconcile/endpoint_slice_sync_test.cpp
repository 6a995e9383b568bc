// kubernetes_conf.mode: endpointslice: the reconciler lists the slices it owns, POSTs missing ones, PUTs
// changed ones with their resourceVersion, DELETEs the ones no longer needed, retries lost races, and
// keeps the outcomes of the Endpoints mode (in sync, kept, dry run, skipped, failed).

#include <gtest/gtest.h>

#include "lecter/endpoints/endpoint_slices.h"
#include "reconciler_stage.h"

namespace lecter::testing {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

Config sliceConfig(AllDownPolicy all_down = AllDownPolicy::Keep, int rise = 1) {
  Config c = dbConfig(UnhealthyPolicy::Drop, all_down, rise);
  c.kubernetes.mode = SyncMode::EndpointSlice;
  return c;
}

class EndpointSliceSyncTest : public ReconcilerStage {
 protected:
  [[nodiscard]] const json* slice(const std::string& name) { return kube_.slices().find(kDbNamespace, name); }
  /// address → ready in the live slice `name` (empty when it is missing).
  [[nodiscard]] std::map<std::string, bool> readiness(const std::string& name) {
    const json* s = slice(name);
    return s == nullptr ? std::map<std::string, bool>{} : endpointReadinessOf({*s});
  }
  [[nodiscard]] Strings verbs() const {
    Strings out;
    for (const auto& c : kube_.calls()) out.push_back(c.verb + " " + c.ref);
    return out;
  }
  /// A lecter slice for db as a live object (as another run of lecter left it).
  static json lecterSlice(const std::string& name, const std::string& type, const std::string& address) {
    return json{
        {"apiVersion", "discovery.k8s.io/v1"},
        {"kind", "EndpointSlice"},
        {"metadata",
         {{"name", name},
          {"labels", {{kSliceServiceNameLabel, kDbName}, {kSliceManagedByLabel, kSliceManagedByValue}}}}},
        {"addressType", type},
        {"endpoints",
         json::array({json{{"addresses", json::array({address})}, {"conditions", {{"ready", true}}}}})},
        {"ports", json::array({json{{"port", kDbPort}, {"protocol", "TCP"}}})}};
  }
  const std::string list_ = std::string("LIST prod/") + kSliceServiceNameLabel + "=db," +
                            kSliceManagedByLabel + "=" + kSliceManagedByValue;
};

TEST_F(EndpointSliceSyncTest, TheFirstCycleCreatesOneSliceWithUnhealthyTargetsNotReady) {
  build(sliceConfig());
  down("198.18.0.11");
  const CycleReport report = cycle();
  EXPECT_EQ(report.services.at(0).outcome, SyncOutcome::Written);
  EXPECT_EQ(verbs(), (Strings{list_, "POST prod/db-lecter"}));
  EXPECT_EQ(
      readiness("db-lecter"),
      (std::map<std::string, bool>{{"198.18.0.10", true}, {"198.18.0.11", false}, {"198.18.0.12", true}}));
  // No Endpoints object in this mode.
  EXPECT_EQ(live(), nullptr);
}

TEST_F(EndpointSliceSyncTest, ASteadyCycleOnlyLists) {
  build(sliceConfig());
  cycle();
  kube_.clearCalls();
  EXPECT_EQ(cycle().services.at(0).outcome, SyncOutcome::InSync);
  EXPECT_EQ(verbs(), (Strings{list_}));
}

TEST_F(EndpointSliceSyncTest, ATargetGoingDownFlipsToNotReadyByAConditionalPut) {
  build(sliceConfig());
  cycle();
  const std::string version = (*slice("db-lecter"))["metadata"]["resourceVersion"];
  kube_.clearCalls();
  down("198.18.0.12");
  const CycleReport report = cycle();
  EXPECT_EQ(report.services.at(0).outcome, SyncOutcome::Written);
  EXPECT_NE(report.services.at(0).detail.find("+198.18.0.12 not ready"), std::string::npos)
      << report.services.at(0).detail;
  ASSERT_EQ(verbs(), (Strings{list_, "PUT prod/db-lecter"}));
  EXPECT_EQ(kube_.calls().at(1).body["metadata"]["resourceVersion"], version);
  EXPECT_FALSE(readiness("db-lecter").at("198.18.0.12"));
  const json& conditions = (*slice("db-lecter"))["endpoints"][2]["conditions"];
  EXPECT_EQ(conditions, json::parse(R"({"ready":false,"serving":false,"terminating":false})"));
}

TEST_F(EndpointSliceSyncTest, TheSliceIsOwnedByTheServiceWhenItsUidIsKnown) {
  kube_.putService(kDbNamespace, kDbName,
                   json::parse(R"({"spec":{"ports":[{"name":"postgres","port":5432}]}})"));
  build(sliceConfig());
  cycle();
  const json& s = *slice("db-lecter");
  EXPECT_EQ(s["metadata"]["ownerReferences"][0]["uid"], "uid-db");
  EXPECT_EQ(s["metadata"]["ownerReferences"][0]["kind"], "Service");
  EXPECT_EQ(s["ports"][0]["name"], "postgres");
}

TEST_F(EndpointSliceSyncTest, AnEditByAnotherWriterIsRepairedAndTheirLabelKept) {
  build(sliceConfig());
  cycle();
  json edited = *slice("db-lecter");
  edited["endpoints"][0]["conditions"]["ready"] = false;
  edited["metadata"]["labels"]["theirs"] = "kept";
  kube_.slices().store(kDbNamespace, edited);
  EXPECT_EQ(cycle().services.at(0).outcome, SyncOutcome::Written);
  EXPECT_TRUE(readiness("db-lecter").at("198.18.0.10"));
  EXPECT_EQ((*slice("db-lecter"))["metadata"]["labels"]["theirs"], "kept");
}

TEST_F(EndpointSliceSyncTest, ASliceNoLongerNeededIsDeletedAndOthersSlicesAreLeftAlone) {
  kube_.slices().store(kDbNamespace, lecterSlice("db-lecter-ipv6", "IPv6", "2001:2::a"));
  json foreign = lecterSlice("db-abcde", "IPv4", "198.18.0.99");
  foreign["metadata"]["labels"][kSliceManagedByLabel] = "endpointslice-controller.k8s.io";
  kube_.slices().store(kDbNamespace, foreign);
  build(sliceConfig());
  EXPECT_EQ(cycle().services.at(0).outcome, SyncOutcome::Written);
  EXPECT_EQ(verbs(), (Strings{list_, "POST prod/db-lecter", "DELETE prod/db-lecter-ipv6"}));
  EXPECT_EQ(kube_.slices().names(kDbNamespace), (Strings{"db-abcde", "db-lecter"}));
}

TEST_F(EndpointSliceSyncTest, ASliceOfTheWrongFamilyIsDeletedAndCreatedAgain) {
  // addressType is immutable: a PUT cannot fix it.
  kube_.slices().store(kDbNamespace, lecterSlice("db-lecter", "IPv6", "2001:2::a"));
  build(sliceConfig());
  EXPECT_EQ(cycle().services.at(0).outcome, SyncOutcome::Written);
  EXPECT_EQ(verbs(), (Strings{list_, "DELETE prod/db-lecter", "POST prod/db-lecter"}));
  EXPECT_EQ((*slice("db-lecter"))["addressType"], "IPv4");
}

TEST_F(EndpointSliceSyncTest, AConflictListsAgainAndRetries) {
  build(sliceConfig());
  cycle();
  down("198.18.0.10");
  kube_.conflictNext(1);
  kube_.clearCalls();
  EXPECT_EQ(cycle().services.at(0).outcome, SyncOutcome::Written);
  EXPECT_EQ(verbs(), (Strings{list_, "PUT prod/db-lecter", list_, "PUT prod/db-lecter"}));
  EXPECT_FALSE(readiness("db-lecter").at("198.18.0.10"));
  // The other writer's label survived the retry.
  EXPECT_EQ((*slice("db-lecter"))["metadata"]["labels"]["owner"], "someone-else");
}

TEST_F(EndpointSliceSyncTest, AConflictPausesWithJitterBeforeListingAgain) {
  std::vector<std::string> steps;
  ReconcileOptions options;
  options.random = [] { return 0.5; };
  options.pause = [&](std::chrono::milliseconds d) {
    steps.push_back("pause " + std::to_string(d.count()));
    clock_.advance(d);
  };
  build(sliceConfig(), options);
  cycle();
  down("198.18.0.10");
  kube_.conflictNext(2);
  kube_.clearCalls();
  EXPECT_EQ(cycle().services.at(0).outcome, SyncOutcome::Written);
  EXPECT_EQ(steps, (Strings{"pause 75", "pause 150"}));
  EXPECT_EQ(kube_.count("PUT"), 3);
}

TEST_F(EndpointSliceSyncTest, ANameTakenByAForeignSliceGivesUpAfterTheRetries) {
  json foreign = lecterSlice("db-lecter", "IPv4", "198.18.0.99");
  foreign["metadata"]["labels"].erase(kSliceManagedByLabel);
  kube_.slices().store(kDbNamespace, foreign);
  ReconcileOptions options;
  options.max_conflict_retries = 2;
  build(sliceConfig(), options);
  const ServiceReport report = cycle().services.at(0);
  EXPECT_EQ(report.outcome, SyncOutcome::Failed);
  EXPECT_EQ(kube_.count("POST"), 3);
  EXPECT_NE(report.detail.find("AlreadyExists"), std::string::npos) << report.detail;
  EXPECT_NE(report.detail.find("gave up after 2 retries"), std::string::npos) << report.detail;
  // As in Endpoints mode, the failure is an Event on the Service.
  ASSERT_EQ(kube_.events().size(), 1U);
  EXPECT_EQ(kube_.events()[0]["reason"], "SyncFailed");
}

TEST_F(EndpointSliceSyncTest, AFailedListIsAFailureAndWritesNothing) {
  build(sliceConfig());
  kube_.failNext(1, 503);
  const ServiceReport report = cycle().services.at(0);
  EXPECT_EQ(report.outcome, SyncOutcome::Failed);
  EXPECT_NE(report.detail.find("listing endpointslices of prod/db"), std::string::npos) << report.detail;
  EXPECT_EQ(verbs(), (Strings{list_}));
}

TEST_F(EndpointSliceSyncTest, NothingHealthyWithAllDownKeepLeavesTheSlicesAlone) {
  build(sliceConfig(AllDownPolicy::Keep));
  cycle();
  for (const char* ip : {"198.18.0.10", "198.18.0.11", "198.18.0.12"}) down(ip);
  kube_.clearCalls();
  EXPECT_EQ(cycle().services.at(0).outcome, SyncOutcome::Kept);
  EXPECT_EQ(verbs(), (Strings{list_}));
  EXPECT_TRUE(readiness("db-lecter").at("198.18.0.10"));
}

TEST_F(EndpointSliceSyncTest, NothingHealthyWithAllDownEmptyListsEveryTargetNotReady) {
  build(sliceConfig(AllDownPolicy::Empty));
  for (const char* ip : {"198.18.0.10", "198.18.0.11", "198.18.0.12"}) down(ip);
  EXPECT_EQ(cycle().services.at(0).outcome, SyncOutcome::Written);
  EXPECT_EQ(
      readiness("db-lecter"),
      (std::map<std::string, bool>{{"198.18.0.10", false}, {"198.18.0.11", false}, {"198.18.0.12", false}}));
}

TEST_F(EndpointSliceSyncTest, PendingTargetsKeepWhatTheLiveSlicesSay) {
  json left = lecterSlice("db-lecter", "IPv4", "198.18.0.10");
  left["endpoints"].push_back(
      json{{"addresses", {"198.18.0.11"}},
           {"conditions", {{"ready", false}, {"serving", false}, {"terminating", false}}}});
  left["endpoints"][0]["conditions"] = json{{"ready", true}, {"serving", true}, {"terminating", false}};
  kube_.slices().store(kDbNamespace, left);
  build(sliceConfig(AllDownPolicy::Keep, /*rise=*/2));
  // One probe each: below rise, so every target is still pending.
  EXPECT_EQ(cycle().services.at(0).outcome, SyncOutcome::InSync);
  EXPECT_EQ(readiness("db-lecter"),
            (std::map<std::string, bool>{{"198.18.0.10", true}, {"198.18.0.11", false}}));
}

TEST_F(EndpointSliceSyncTest, ADryRunRecordsTheSlicesItWouldWriteAndSendsOnlyTheList) {
  kube_.slices().store(kDbNamespace, lecterSlice("db-lecter-ipv6", "IPv6", "2001:2::a"));
  buildDryRun(sliceConfig());
  const ServiceReport report = cycle().services.at(0);
  EXPECT_EQ(report.outcome, SyncOutcome::Written);
  EXPECT_EQ(verbs(), (Strings{list_}));
  ASSERT_EQ(report.writes.size(), 2U);
  EXPECT_EQ(report.writes[0].verb, KubeVerb::CreateEndpointSlice);
  EXPECT_EQ(report.writes[0].object["kind"], "EndpointSlice");
  EXPECT_EQ(report.writes[0].ref.name, "db-lecter");
  EXPECT_EQ(report.writes[1].verb, KubeVerb::DeleteEndpointSlice);
  EXPECT_EQ(report.writes[1].ref.name, "db-lecter-ipv6");
}

TEST_F(EndpointSliceSyncTest, AServiceWithASelectorIsSkipped) {
  kube_.putService(kDbNamespace, kDbName, json::parse(R"({"spec":{"selector":{"app":"db"}}})"));
  build(sliceConfig());
  EXPECT_EQ(cycle().services.at(0).outcome, SyncOutcome::Skipped);
  EXPECT_TRUE(kube_.calls().empty());
}

}  // namespace
}  // namespace lecter::testing
