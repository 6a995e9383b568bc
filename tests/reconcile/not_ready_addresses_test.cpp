// kubernetes_conf.unhealthy: not_ready puts unhealthy targets in notReadyAddresses; pending targets
// follow the live object; all_down still decides when nothing is ready.

#include <gtest/gtest.h>

#include "reconciler_stage.h"

namespace lecter::testing {
namespace {

using nlohmann::json;
using Set = std::set<std::string>;

class NotReadyAddressesTest : public ReconcilerStage {};

TEST_F(NotReadyAddressesTest, AnUnhealthyTargetMovesToNotReadyAddresses) {
  build(dbConfig(UnhealthyPolicy::NotReady));
  cycle();
  down("198.18.0.11");
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Written);
  EXPECT_EQ(liveReady(), (Set{"198.18.0.10", "198.18.0.12"}));
  EXPECT_EQ(liveNotReady(), (Set{"198.18.0.11"}));
}

TEST_F(NotReadyAddressesTest, DropLeavesAnUnhealthyTargetOutAsTheSeed) {
  build(dbConfig(UnhealthyPolicy::Drop));
  cycle();
  down("198.18.0.11");
  cycle();
  EXPECT_EQ(liveReady(), (Set{"198.18.0.10", "198.18.0.12"}));
  EXPECT_TRUE(liveNotReady().empty());
}

TEST_F(NotReadyAddressesTest, ATargetComingBackMovesFromNotReadyToReady) {
  build(dbConfig(UnhealthyPolicy::NotReady));
  down("198.18.0.11");
  cycle();
  ASSERT_EQ(liveNotReady(), (Set{"198.18.0.11"}));
  up("198.18.0.11");
  cycle();
  EXPECT_EQ(liveReady(), (Set{"198.18.0.10", "198.18.0.11", "198.18.0.12"}));
  EXPECT_TRUE(liveNotReady().empty());
}

TEST_F(NotReadyAddressesTest, TheSameSetInAnotherGroupingIsNotWrittenAgain) {
  build(dbConfig(UnhealthyPolicy::NotReady));
  down("198.18.0.11");
  cycle();
  // The server regroups: ready and not-ready addresses in subsets of their own.
  kube_.store(kDbNamespace, kDbName, json::parse(R"({"kind":"Endpoints","apiVersion":"v1",
      "metadata":{"name":"db","namespace":"prod",
      "labels":{"app.kubernetes.io/managed-by":"lecter"}},"subsets":[
      {"notReadyAddresses":[{"ip":"198.18.0.11"}],"ports":[{"port":5432,"protocol":"TCP"}]},
      {"addresses":[{"ip":"198.18.0.12"},{"ip":"198.18.0.10"}],"ports":[{"port":5432,"protocol":"TCP"}]}]})"));
  kube_.clearCalls();
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::InSync);
  EXPECT_EQ(kube_.count("PUT"), 0);
}

// rise/fall 3: a fresh reconciler sees every target as pending for the first cycles.
class PendingTargetsTest : public NotReadyAddressesTest {
 protected:
  void SetUp() override {
    kube_.store(kDbNamespace, kDbName, json::parse(R"({"kind":"Endpoints","apiVersion":"v1",
        "metadata":{"name":"db","namespace":"prod",
        "labels":{"app.kubernetes.io/managed-by":"lecter"}},"subsets":[
        {"addresses":[{"ip":"198.18.0.10"}],"notReadyAddresses":[{"ip":"198.18.0.11"}],
         "ports":[{"port":5432,"protocol":"TCP"}]}]})"));
  }
};

TEST_F(PendingTargetsTest, PendingTargetsKeepWhatTheLiveObjectSaysReadyNotReadyOrAbsent) {
  build(dbConfig(UnhealthyPolicy::NotReady, AllDownPolicy::Keep, /*rise=*/3, /*fall=*/3));
  kube_.clearCalls();
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::InSync);
  EXPECT_EQ(kube_.count("PUT"), 0) << "a restart churned the Endpoints";
  EXPECT_EQ(liveReady(), (Set{"198.18.0.10"}));
  EXPECT_EQ(liveNotReady(), (Set{"198.18.0.11"}));  // 198.18.0.12 stays absent
}

TEST_F(PendingTargetsTest, WithDropAPendingTargetListedAsNotReadyIsLeftOut) {
  build(dbConfig(UnhealthyPolicy::Drop, AllDownPolicy::Keep, 3, 3));
  cycle();
  EXPECT_EQ(liveReady(), (Set{"198.18.0.10"}));
  EXPECT_TRUE(liveNotReady().empty()) << "drop mode never writes notReadyAddresses";
}

TEST_F(NotReadyAddressesTest, NothingHealthyWithKeepLeavesTheLastSetAlone) {
  build(dbConfig(UnhealthyPolicy::NotReady, AllDownPolicy::Keep));
  cycle();
  for (const char* ip : {"198.18.0.10", "198.18.0.11", "198.18.0.12"}) down(ip);
  kube_.clearCalls();
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Kept);
  EXPECT_EQ(kube_.count("PUT"), 0);
  EXPECT_EQ(liveReady(), (Set{"198.18.0.10", "198.18.0.11", "198.18.0.12"}));
}

TEST_F(NotReadyAddressesTest, NothingHealthyWithEmptyWritesASubsetOfOnlyNotReadyAddresses) {
  build(dbConfig(UnhealthyPolicy::NotReady, AllDownPolicy::Empty));
  cycle();
  for (const char* ip : {"198.18.0.10", "198.18.0.11", "198.18.0.12"}) down(ip);
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Written);
  ASSERT_NE(live(), nullptr);
  ASSERT_EQ((*live())["subsets"].size(), 1U);
  EXPECT_FALSE((*live())["subsets"][0].contains("addresses"));
  EXPECT_EQ(liveNotReady(), (Set{"198.18.0.10", "198.18.0.11", "198.18.0.12"}));
}

}  // namespace
}  // namespace lecter::testing
