#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "config_texts.h"
#include "lecter/config/config_loader.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

// Characters that change what YAML means, plus a few that no YAML should hold.
const std::string kSignificant =
    std::string(":-[]{}&*!|>'\"#%@`,?\t\n ") + '\0' + "\xff\x80" + "0123456789ax";

/// Every truncation of `text` at a line end and in the middle of each line.
std::vector<std::string> truncations(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(0, start + (end - start) / 2));
    out.push_back(text.substr(0, end));
    start = end + 1;
  }
  return out;
}

/// `count` copies of `text`, each with one to three random edits: a character replaced, deleted or
/// inserted, or a whole line deleted, doubled or shifted. The seed is fixed so a failure repeats.
std::vector<std::string> mutations(const std::string& text, int count) {
  std::mt19937 random(20240611);
  const auto below = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string mutated = text;
    const std::size_t edits = 1 + below(3);
    for (std::size_t e = 0; e < edits && !mutated.empty(); ++e) {
      const std::size_t at = below(mutated.size());
      const char c = kSignificant[below(kSignificant.size())];
      const std::size_t line_start =
          mutated.rfind('\n', at) == std::string::npos ? 0 : mutated.rfind('\n', at) + 1;
      std::size_t line_end = mutated.find('\n', at);
      if (line_end == std::string::npos) line_end = mutated.size();
      const std::string line = mutated.substr(line_start, line_end - line_start) + "\n";
      switch (below(6)) {
        case 0:
          mutated[at] = c;
          break;
        case 1:
          mutated.erase(at, 1);
          break;
        case 2:
          mutated.insert(at, 1, c);
          break;
        case 3:
          mutated.erase(line_start, std::min(line.size(), mutated.size() - line_start));
          break;
        case 4:
          mutated.insert(line_start, line);
          break;
        default:
          mutated.insert(line_start, below(2) == 0 ? " " : "  ");
          break;
      }
    }
    out.push_back(mutated);
  }
  return out;
}

/// Loads `text`; true when it was refused with a one-line ConfigError naming the file, false when it
/// loaded. Anything else fails the test.
bool refusedCleanly(const std::string& text) {
  try {
    (void)loadConfigText(text, "fuzz.yaml");
    return false;
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("fuzz.yaml:", 0), 0U) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
  } catch (const std::exception& error) {
    ADD_FAILURE() << "not a ConfigError: " << error.what() << "\ninput:\n" << text;
  }
  return true;
}

TEST(ConfigFuzz, EveryTruncationOfTheSeedLoadsOrGivesAConfigError) {
  const std::string seed = testing::readFile(testing::seedConfigPath());
  ASSERT_FALSE(seed.empty());
  const auto inputs = truncations(seed);
  ASSERT_GT(inputs.size(), 100U);
  for (const std::string& input : inputs) {
    const bool refused = refusedCleanly(input);
    // endpoint_template is required and comes last: any cut before it leaves a config that misses it.
    if (input.find("endpoint_template:") == std::string::npos) {
      EXPECT_TRUE(refused) << input;
    }
  }
}

TEST(ConfigFuzz, MutationsOfTheSeedLoadOrGiveAConfigError) {
  const std::string seed = testing::readFile(testing::seedConfigPath());
  ASSERT_FALSE(seed.empty());
  int refused = 0;
  for (const std::string& input : mutations(seed, 600)) refused += refusedCleanly(input) ? 1 : 0;
  // Most random edits break something; if none did, the mutations would not be reaching the checks.
  EXPECT_GT(refused, 150);
}

TEST(ConfigFuzz, HostileShapesGiveAConfigError) {
  const std::vector<std::string> inputs = {
      std::string(5000, '['),
      std::string(5000, '{'),
      std::string(2000, '-') + " x",
      ",",
      ",a\n  x\n",
      "a: &a [*a]\n",
      "my_conf: &m {interval: *m}\n",
      "? [a, b]\n: c\n",
      "my_conf: !!binary aGVsbG8=\n",
      "%YAML 1.2\n---\n",
      "\xef\xbb\xbfmy_conf: 1\n",
      std::string("my_conf:\0 1\n", 12),
      "my_conf:\n  interval: *undefined\n",
      "\t\t\t",
      "...",
      "---\n---\n---\n",
  };
  for (const std::string& input : inputs) {
    EXPECT_THROW(loadConfigText(input, "fuzz.yaml"), ConfigError) << input.substr(0, 80);
  }
}

}  // namespace
}  // namespace lecter
