// The folders are the dependency graph (DESIGN.md, "Layout and seams"): every module includes the
// headers of exactly the modules its CMake target declares (lecter_module(... DEPS ...), written to
// lecter_modules.txt at configure time), no more and no fewer.

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace lecter {
namespace {

namespace fs = std::filesystem;

using ModuleGraph = std::map<std::string, std::set<std::string>>;

/// "name: dep dep …" lines.
ModuleGraph readModuleGraph(const std::string& path) {
  ModuleGraph graph;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::set<std::string>& deps = graph[line.substr(0, colon)];
    std::istringstream rest(line.substr(colon + 1));
    for (std::string dep; rest >> dep;) deps.insert(dep);
  }
  return graph;
}

struct Include {
  std::string file;  // relative to the source tree
  int line = 0;
  std::string module;
  std::string header;
};

/// Every `#include "lecter/<module>/…"` in the module's sources and public headers.
std::vector<Include> includesOf(const fs::path& root, const std::string& module) {
  static const std::regex kInclude(R"(^\s*#\s*include\s+"lecter/([a-z_]+)/([^"]+)\")");
  std::vector<Include> found;
  for (const fs::path& dir : {root / "src" / module, root / "include" / "lecter" / module}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      const auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".h") continue;
      std::ifstream in(entry.path());
      std::string text;
      for (int number = 1; std::getline(in, text); ++number) {
        std::smatch match;
        if (std::regex_search(text, match, kInclude)) {
          found.push_back(Include{fs::relative(entry.path(), root).string(), number, match[1], match[2]});
        }
      }
    }
  }
  return found;
}

/// What is wrong with the includes of `graph`'s modules under `root`, one line each.
std::vector<std::string> layeringProblems(const fs::path& root, const ModuleGraph& graph) {
  std::vector<std::string> problems;
  for (const auto& [module, declared] : graph) {
    std::set<std::string> used;
    for (const auto& include : includesOf(root, module)) {
      if (include.module == module) continue;
      used.insert(include.module);
      if (!declared.contains(include.module)) {
        problems.push_back(include.file + ":" + std::to_string(include.line) + ": includes lecter/" +
                           include.module + "/" + include.header + " but lecter_" + module +
                           " does not declare lecter_" + include.module);
      }
    }
    for (const auto& dep : declared) {
      if (!used.contains(dep)) {
        problems.push_back("lecter_" + module + " declares lecter_" + dep + " but includes nothing of it");
      }
    }
  }
  return problems;
}

TEST(LayeringTest, EveryModuleIncludesExactlyTheModulesItsTargetDeclares) {
  const ModuleGraph graph = readModuleGraph(LECTER_MODULES_FILE);
  ASSERT_GE(graph.size(), 10U) << "no module graph in " << LECTER_MODULES_FILE;
  std::string report;
  for (const auto& problem : layeringProblems(LECTER_SOURCE_DIR, graph)) report += problem + "\n";
  EXPECT_TRUE(report.empty()) << report;
}

TEST(LayeringTest, AnUndeclaredIncludeAndAnUnusedDeclarationAreBothNamed) {
  const fs::path root = fs::temp_directory_path() / ("lecter-layering-" + std::to_string(::getpid()));
  fs::create_directories(root / "src" / "store");
  fs::create_directories(root / "include" / "lecter" / "base");
  std::ofstream(root / "src" / "store" / "state.cpp") << "#include \"lecter/store/state.h\"\n"
                                                      << "#include \"lecter/kube/kube_calls.h\"\n";
  const auto problems = layeringProblems(root, ModuleGraph{{"store", {"base"}}, {"base", {}}});
  fs::remove_all(root);
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ(problems[0],
            "src/store/state.cpp:2: includes lecter/kube/kube_calls.h but lecter_store does not "
            "declare lecter_kube");
  EXPECT_EQ(problems[1], "lecter_store declares lecter_base but includes nothing of it");
}

}  // namespace
}  // namespace lecter
