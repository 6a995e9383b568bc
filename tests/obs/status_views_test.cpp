// The status views: /status.json read back as written and refused with the field named when wrong,
// the page escaping what it shows, and the table of `lecter status`.

#include "lecter/obs/status_views.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace lecter {
namespace {

constexpr long long kSince = 1'780'000'000'000;  // 2026-05-28T20:26:40Z

StatusSnapshot knownState() {
  StatusSnapshot snapshot;
  snapshot.version = "0.9.0";
  snapshot.generated_ms = kSince + 125'000;
  StatusTarget up;
  up.service = "db";
  up.name = "node-01";
  up.address = "10.0.0.1:5432";
  up.state = "healthy";
  up.since_ms = kSince;
  up.outcome = "up";
  up.latency_us = 850;
  up.history = {{800, true}, {850, true}};
  StatusTarget down = up;
  down.name = "node-02";
  down.address = "[fd00::2]:5432";
  down.state = "unhealthy";
  down.outcome = "refused";
  down.error = "connection refused";
  down.latency_us = 12'400;
  down.history = {{900, true}, {12'400, false}};
  snapshot.targets = {up, down};
  snapshot.services = {StatusService{"db", 1, 2, "written", "ready 1 of 2"}};
  return snapshot;
}

TEST(StatusJson, ReadsBackWhatItWrote) {
  const StatusSnapshot read = statusFromJson(statusJson(knownState()));
  EXPECT_EQ(read.version, "0.9.0");
  EXPECT_EQ(read.generated_ms, kSince + 125'000);
  ASSERT_EQ(read.targets.size(), 2U);
  EXPECT_EQ(read.targets[1].address, "[fd00::2]:5432");
  EXPECT_EQ(read.targets[1].state, "unhealthy");
  EXPECT_EQ(read.targets[1].error, "connection refused");
  EXPECT_EQ(read.targets[1].since_ms, kSince);
  ASSERT_EQ(read.targets[1].history.size(), 2U);
  EXPECT_FALSE(read.targets[1].history[1].up);
  EXPECT_EQ(read.targets[1].history[1].latency_us, 12'400);
  ASSERT_EQ(read.services.size(), 1U);
  EXPECT_EQ(read.services[0].healthy, 1U);
  EXPECT_EQ(read.services[0].sync, "written");
}

TEST(StatusViews, AReplicaSaysWhetherItLeadsAndWhoWritesInEveryView) {
  StatusSnapshot snapshot = knownState();
  EXPECT_FALSE(statusFromJson(statusJson(snapshot)).election.has_value()) << "no election, no role";
  snapshot.election = StatusElection{"lecter-7d9c_1a2b", false, "lecter-5f6e_9c8d", 0, {}, 0};
  const StatusSnapshot read = statusFromJson(statusJson(snapshot));
  ASSERT_TRUE(read.election.has_value());
  EXPECT_EQ(read.election->identity, "lecter-7d9c_1a2b");
  EXPECT_FALSE(read.election->leading);
  EXPECT_EQ(read.election->leader, "lecter-5f6e_9c8d");
  const std::string follows = "this replica (lecter-7d9c_1a2b) follows; lecter-5f6e_9c8d writes";
  EXPECT_NE(statusTable(read, kSince, false).find(follows + "\n"), std::string::npos);
  EXPECT_NE(statusPage(read, 5).find(follows), std::string::npos);
  snapshot.election = StatusElection{"lecter-7d9c_1a2b", true, "lecter-7d9c_1a2b", 0, {}, 0};
  EXPECT_NE(statusTable(snapshot, kSince, false).find("this replica (lecter-7d9c_1a2b) leads and writes"),
            std::string::npos);
}

TEST(StatusViews, AShardedReplicaSaysWhichShardsItOwnsInEveryView) {
  StatusSnapshot snapshot = knownState();
  snapshot.election = StatusElection{"lecter-7d9c_1a2b", false, "", 6, {1, 4}, 3};
  const StatusSnapshot read = statusFromJson(statusJson(snapshot));
  ASSERT_TRUE(read.election.has_value());
  EXPECT_EQ(read.election->shards, 6U);
  EXPECT_EQ(read.election->owned_shards, (std::vector<std::size_t>{1, 4}));
  EXPECT_EQ(read.election->replicas, 3U);
  const std::string owns =
      "this replica (lecter-7d9c_1a2b) owns 2 of 6 shards (1, 4) and writes their services; 3 replicas alive";
  EXPECT_NE(statusTable(read, kSince, false).find(owns + "\n"), std::string::npos)
      << statusTable(read, kSince, false);
  EXPECT_NE(statusPage(read, 5).find(owns), std::string::npos);
  nlohmann::json document = nlohmann::json::parse(statusJson(snapshot));
  document["election"]["shards"]["owned"][1] = "four";
  try {
    statusFromJson(document.dump());
    ADD_FAILURE() << "a shard that is not a number was read";
  } catch (const StatusFormatError& e) {
    EXPECT_STREQ(e.what(), "election.shards.owned[1]: expected a shard number");
  }
}

TEST(StatusJson, WritesSinceAsUtcTimeBesideItsMilliseconds) {
  nlohmann::json document = nlohmann::json::parse(statusJson(knownState()));
  EXPECT_EQ(document["targets"][0]["since"], "2026-05-28T20:26:40Z");
  EXPECT_EQ(document["targets"][0]["since_ms"], kSince);
  EXPECT_EQ(document["generated"], "2026-05-28T20:28:45Z");
}

TEST(StatusJson, ARefusedAnswerNamesTheFieldThatIsWrong) {
  nlohmann::json document = nlohmann::json::parse(statusJson(knownState()));
  document["targets"][1]["state"] = "sideways";
  EXPECT_THROW(
      {
        try {
          statusFromJson(document.dump());
        } catch (const StatusFormatError& e) {
          EXPECT_STREQ(e.what(), "targets[1].state: expected healthy, unhealthy or pending, got 'sideways'");
          throw;
        }
      },
      StatusFormatError);
  document = nlohmann::json::parse(statusJson(knownState()));
  document["targets"][0]["history"][1].erase("up");
  try {
    statusFromJson(document.dump());
    ADD_FAILURE() << "a sample without 'up' was taken";
  } catch (const StatusFormatError& e) {
    EXPECT_STREQ(e.what(), "targets[0].history[1].up: missing");
  }
  document = nlohmann::json::parse(statusJson(knownState()));
  document["services"][0]["healthy"] = -1;
  try {
    statusFromJson(document.dump());
    ADD_FAILURE() << "a negative count was taken";
  } catch (const StatusFormatError& e) {
    EXPECT_STREQ(e.what(), "services[0].healthy: expected a count, got -1");
  }
}

TEST(StatusJson, AnAnswerThatIsNotJsonIsRefused) {
  EXPECT_THROW(statusFromJson("<html>404</html>"), StatusFormatError);
  EXPECT_THROW(statusFromJson("[]"), StatusFormatError);
  EXPECT_THROW(statusFromJson(""), StatusFormatError);
}

TEST(StatusPage, ShowsEveryTargetWithItsStateAndEscapesWhatItQuotes) {
  StatusSnapshot snapshot = knownState();
  snapshot.targets[1].error = "<script>alert('x')</script> & more";
  const std::string page = statusPage(snapshot, 5);
  EXPECT_NE(page.find("<meta http-equiv=\"refresh\" content=\"5\">"), std::string::npos);
  EXPECT_NE(page.find("<tr class=\"unhealthy\"><td>db</td><td>node-02</td><td>[fd00::2]:5432</td>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos) << "no script of its own, none let in";
  EXPECT_EQ(page.find("http://"), std::string::npos) << "no external asset";
  EXPECT_NE(page.find("<title>lecter: 1 of 2 targets healthy</title>"), std::string::npos);
  EXPECT_NE(page.find("2026-05-28T20:26:40Z</time> (2m 5s ago)"), std::string::npos) << page;
  EXPECT_NE(page.find("<svg class=\"spark\""), std::string::npos);
  EXPECT_NE(page.find("<circle"), std::string::npos) << "the failed probe of node-02 is marked";
}

TEST(StatusTable, LinesUpTheColumnsAndSumsUpEachService) {
  const std::string table = statusTable(knownState(), kSince + 3'723'000, false);
  EXPECT_EQ(table,
            "SERVICE  TARGET   ADDRESS         PROBE  STATE      SINCE  LAST ERROR          LATENCY\n"
            "db       node-01  10.0.0.1:5432   tcp    healthy    1h 2m  -                   850 µs\n"
            "db       node-02  [fd00::2]:5432  tcp    unhealthy  1h 2m  connection refused  12.4 ms\n"
            "\n"
            "db: 1 of 2 healthy, last sync written\n");
}

TEST(StatusTable, ColoursTheStateOnATerminalAndEscapesControlCharacters) {
  StatusSnapshot snapshot = knownState();
  snapshot.targets[1].error = "bad\x1b[2Jthing";
  const std::string table = statusTable(snapshot, kSince, true);
  EXPECT_NE(table.find("\x1b[32mhealthy\x1b[0m"), std::string::npos) << table;
  EXPECT_NE(table.find("\x1b[31munhealthy\x1b[0m"), std::string::npos) << table;
  EXPECT_NE(table.find("bad\\x1b[2Jthing"), std::string::npos)
      << "a terminal escape from the answer is shown, not run";
}

}  // namespace
}  // namespace lecter
