#include "lecter/kube/line_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lecter {
namespace {

std::vector<std::string> feedAll(LineSplitter& splitter, const std::vector<std::string>& chunks,
                                 bool* all_ok = nullptr) {
  std::vector<std::string> lines;
  bool ok = true;
  for (const auto& chunk : chunks) {
    ok = splitter.feed(chunk, [&](std::string_view line) { lines.emplace_back(line); }) && ok;
  }
  if (all_ok != nullptr) *all_ok = ok;
  return lines;
}

TEST(LineSplitter, OneChunkWithManyLinesGivesEachLine) {
  LineSplitter splitter;
  EXPECT_EQ(feedAll(splitter, {"{\"a\":1}\n{\"b\":2}\n"}),
            (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"}));
  EXPECT_EQ(splitter.pending(), 0U);
}

TEST(LineSplitter, ALineSpanningChunksComesOutWholeOnceItEnds) {
  LineSplitter splitter;
  EXPECT_TRUE(feedAll(splitter, {"{\"type\":\"ADD", "ED\",\"obj"}).empty());
  EXPECT_EQ(splitter.pending(), 20U);
  EXPECT_EQ(feedAll(splitter, {"ect\":{}}\n{\"next\""}),
            (std::vector<std::string>{"{\"type\":\"ADDED\",\"object\":{}}"}));
  EXPECT_EQ(splitter.pending(), 7U);
}

TEST(LineSplitter, ByteByByteGivesTheSameLines) {
  LineSplitter splitter;
  const std::string text = "first\nsecond\r\nthird\n";
  std::vector<std::string> chunks;
  for (const char c : text) chunks.emplace_back(1, c);
  EXPECT_EQ(feedAll(splitter, chunks), (std::vector<std::string>{"first", "second", "third"}));
}

TEST(LineSplitter, EmptyLinesAndCarriageReturnsAreDropped) {
  LineSplitter splitter;
  EXPECT_EQ(feedAll(splitter, {"\n\r\nx\r\n\n"}), (std::vector<std::string>{"x"}));
}

TEST(LineSplitter, ALineLongerThanTheLimitIsRefusedAndForgotten) {
  LineSplitter splitter(8);
  bool ok = true;
  EXPECT_TRUE(feedAll(splitter, {"12345", "6789"}, &ok).empty());
  EXPECT_FALSE(ok);
  EXPECT_EQ(splitter.pending(), 0U);
  EXPECT_EQ(feedAll(splitter, {"short\n"}, &ok), (std::vector<std::string>{"short"}));
  EXPECT_TRUE(ok);
}

TEST(LineSplitter, ALongLineEndingInTheChunkIsRefusedToo) {
  LineSplitter splitter(4);
  bool ok = true;
  EXPECT_TRUE(feedAll(splitter, {"ab", "cdef\n"}, &ok).empty());
  EXPECT_FALSE(ok);
  EXPECT_TRUE(feedAll(splitter, {"abcdef\n"}, &ok).empty());
  EXPECT_FALSE(ok);
}

TEST(LineSplitter, ClearForgetsTheUnfinishedLine) {
  LineSplitter splitter;
  feedAll(splitter, {"half"});
  splitter.clear();
  EXPECT_EQ(feedAll(splitter, {"new\n"}), (std::vector<std::string>{"new"}));
}

}  // namespace
}  // namespace lecter
