// The status page in a real browser and `lecter status` from Redis and from the daemon: issue 11,
// acceptance 2.

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "lecter_test.h"
#include "metrics_scrape.h"
#include "support/browser/headless_chromium.h"

namespace lecter::testing {
namespace {

using std::chrono::seconds;

/// The text of each row of the targets table in a DOM, cells joined by " | " (tags dropped).
std::vector<std::string> targetRows(const std::string& dom) {
  const auto table_at = dom.find("<table id=\"targets\">");
  if (table_at == std::string::npos) return {};
  const std::string table = dom.substr(table_at, dom.find("</table>", table_at) - table_at);
  static const std::regex row(R"re(<tr class="(\w+)">(.*?)</tr>)re");
  static const std::regex cell(R"(<td[^>]*>(.*?)</td>)");
  static const std::regex tag(R"(<[^>]*>)");
  std::vector<std::string> rows;
  for (auto r = std::sregex_iterator(table.begin(), table.end(), row); r != std::sregex_iterator(); ++r) {
    const std::string cells = (*r)[2];
    std::string text = std::string((*r)[1]) + ":";
    for (auto c = std::sregex_iterator(cells.begin(), cells.end(), cell); c != std::sregex_iterator(); ++c)
      text.append(" ").append(std::regex_replace(std::string((*c)[1]), tag, "")).append(" |");
    rows.push_back(text);
  }
  return rows;
}

class StatusTest : public LecterTest {
 protected:
  /// True once /status.json shows `target` in `state`.
  bool eventuallyShown(const std::string& target, const std::string& state) const {
    return eventually(
        [&] {
          const HttpGot got = httpGet(listen_port_, "/status.json");
          const auto document = nlohmann::json::parse(got.body, nullptr, false);
          if (!document.is_object() || !document.contains("targets") || !document.at("targets").is_array())
            return false;
          for (const auto& row : document.at("targets"))
            if (row.value("target", "") == target && row.value("state", "") == state) return true;
          return false;
        },
        seconds(10));
  }
  /// A target's record as lecter keeps it in Redis.
  void recordTarget(const std::string& name, const std::string& ip, const std::string& state,
                    long long since_ms, const std::string& error, long long latency_us) const {
    const RedisReader redis = redisReader();
    ASSERT_TRUE(redis.setHash(targetHashKey(ip), {{"service", kName},
                                                  {"name", name},
                                                  {"ip", ip},
                                                  {"port", std::to_string(kPort)},
                                                  {"state", state},
                                                  {"consecutive_up", state == "healthy" ? "3" : "0"},
                                                  {"consecutive_down", state == "healthy" ? "0" : "3"},
                                                  {"last_change_ms", std::to_string(since_ms)},
                                                  {"last_outcome", state == "healthy" ? "up" : "refused"},
                                                  {"last_error", error},
                                                  {"latency_us", std::to_string(latency_us)}}));
    ASSERT_TRUE(redis.addToSet(std::string(kKeyPrefix) + ":targets",
                               std::string(kName) + "/" + ip + ":" + std::to_string(kPort)));
  }
};

TEST_F(StatusTest, ThePageInHeadlessChromiumShowsEveryTargetAndItsState) {
  const auto ips = openTargets(2);
  startLecter(listeningSettings(ips));
  network_->closeListener(ips[1], kPort);
  ASSERT_TRUE(eventuallyShown("node-02", "unhealthy")) << httpGet(listen_port_, "/status.json").body;
  ASSERT_TRUE(eventuallyShown("node-01", "healthy")) << httpGet(listen_port_, "/status.json").body;

  const std::string url = "http://127.0.0.1:" + std::to_string(listen_port_) + "/status";
  const RunResult dom = dumpDom(url);
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  const std::vector<std::string> rows = targetRows(dom.out);
  ASSERT_EQ(rows.size(), 2U) << dom.out;
  EXPECT_EQ(rows[0].rfind("healthy: db | node-01 | " + ips[0] + ":15432 | tcp | healthy |", 0), 0U)
      << rows[0];
  EXPECT_EQ(rows[1].rfind("unhealthy: db | node-02 | " + ips[1] + ":15432 | tcp | unhealthy |", 0), 0U)
      << rows[1];
  EXPECT_NE(rows[1].find("refused"), std::string::npos) << "the last error is shown: " << rows[1];
  EXPECT_NE(dom.out.find("<title>lecter: 1 of 2 targets healthy</title>"), std::string::npos) << dom.out;
  EXPECT_NE(dom.out.find("<td>db</td><td>1 / 2</td>"), std::string::npos)
      << "the service summary: " << dom.out;

  const std::string png = artifactPath("status-page.png");
  ASSERT_TRUE(screenshot(url, png)) << png;
  std::ifstream file(png, std::ios::binary);
  std::string magic(8, '\0');
  file.read(magic.data(), 8);
  EXPECT_EQ(magic, "\x89PNG\r\n\x1a\n");
}

TEST_F(StatusTest, StatusFromRedisPrintsAKnownStateAsATableAndAsJson) {
  const auto ips = openTargets(2);
  const LecterSettings settings = settingsFor(ips);  // no listener: the state comes from Redis
  const long long now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  const long long since_ms = now_ms - ((3 * 24 + 4) * 3600 + 10 * 60) * 1000LL;  // 3d 4h 10m ago
  recordTarget("node-01", ips[0], "healthy", since_ms, "", 850);
  recordTarget("node-02", ips[1], "unhealthy", since_ms, "connection refused", 12'400);

  const RunResult table = runLecter(settings, {"status"});
  EXPECT_EQ(table.exit_code, 0) << table.err << "db has a healthy target";
  const std::string a0 = ips[0] + ":15432";
  const std::string a1 = ips[1] + ":15432";
  const std::string pad(a0.size() > a1.size() ? a0.size() - a1.size() : 0, ' ');
  const std::string pad0(a1.size() > a0.size() ? a1.size() - a0.size() : 0, ' ');
  const std::string head_pad(std::max(a0.size(), a1.size()) - 7, ' ');
  EXPECT_EQ(table.out, "SERVICE  TARGET   ADDRESS" + head_pad +
                           "  PROBE  STATE      SINCE  LAST ERROR          LATENCY\n" + "db       node-01  " +
                           a0 + pad0 + "  tcp    healthy    3d 4h  -                   850 µs\n" +
                           "db       node-02  " + a1 + pad +
                           "  tcp    unhealthy  3d 4h  connection refused  12.4 ms\n" +
                           "\n"
                           "db: 1 of 2 healthy\n")
      << table.err;
  EXPECT_EQ(table.err, "") << "nothing but the table when all is well";

  const RunResult as_json = runLecter(settings, {"status", "--output", "json"});
  EXPECT_EQ(as_json.exit_code, 0) << as_json.err;
  auto document = nlohmann::json::parse(as_json.out, nullptr, false);
  ASSERT_TRUE(document.is_object()) << as_json.out;
  ASSERT_EQ(document["targets"].size(), 2U) << as_json.out;
  EXPECT_EQ(document["targets"][1]["target"], "node-02");
  EXPECT_EQ(document["targets"][1]["address"], a1);
  EXPECT_EQ(document["targets"][1]["state"], "unhealthy");
  EXPECT_EQ(document["targets"][1]["since_ms"], since_ms);
  EXPECT_EQ(document["targets"][1]["error"], "connection refused");
  EXPECT_EQ(document["targets"][1]["latency_us"], 12'400);
  EXPECT_EQ(document["services"],
            nlohmann::json::parse(R"([{"service":"db","healthy":1,"targets":2,"sync":"","detail":""}])"));

  recordTarget("node-01", ips[0], "unhealthy", now_ms, "timed out", 300'000);
  const RunResult down = runLecter(settings, {"status"});
  EXPECT_EQ(down.exit_code, 1) << "no healthy target of db: " << down.out << down.err;
  EXPECT_NE(down.out.find("db: 0 of 2 healthy"), std::string::npos) << down.out;
}

TEST_F(StatusTest, StatusAsksTheRunningDaemonWhenItListens) {
  const auto ips = openTargets(2);
  const LecterSettings settings = listeningSettings(ips);
  startLecter(settings);
  network_->closeListener(ips[1], kPort);
  ASSERT_TRUE(eventuallyShown("node-02", "unhealthy"));
  ASSERT_TRUE(eventuallyShown("node-01", "healthy"));

  const RunResult up = runLecter(settings, {"status", "--from", "listener"});
  EXPECT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_TRUE(std::regex_search(
      up.out, std::regex("node-02 +" + std::regex_replace(ips[1], std::regex("\\."), "\\.") +
                         ":15432 +tcp +unhealthy +[0-9]+s +Connection refused")))
      << up.out;
  EXPECT_NE(up.out.find("db: 1 of 2 healthy, last sync "), std::string::npos) << up.out;

  network_->closeListener(ips[0], kPort);
  ASSERT_TRUE(eventuallyShown("node-01", "unhealthy"));
  const RunResult down = runLecter(settings, {"status"});
  EXPECT_EQ(down.exit_code, 1) << down.out << down.err;
}

TEST_F(StatusTest, StatusWithNoSourceToReadSaysWhatToSet) {
  const auto ips = openTargets(1);
  LecterSettings settings = listeningSettings(ips);  // a listener nobody serves
  const RunResult run = runLecter(settings, {"status", "--from", "listener"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(
      run.err.find("lecter status: http://127.0.0.1:" + std::to_string(listen_port_) + "/status.json: "),
      std::string::npos)
      << run.err;
  // Redis stopped: the fallback fails too, and says so.
  redis_.reset();
  const RunResult neither = runLecter(settings, {"status"});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_NE(neither.err.find("reading redis instead"), std::string::npos) << neither.err;
  EXPECT_NE(neither.err.find("could not be read"), std::string::npos) << neither.err;
}

}  // namespace
}  // namespace lecter::testing
