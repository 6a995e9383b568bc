#include "support/apiserver/label_selector.h"

#include <cctype>

namespace lecter::testing {
namespace {

// The lexer of k8s.io/apimachinery/pkg/labels/selector.go: identifiers run up to white space or one of
// its special symbols; "=", "==", "!=", "!", "," and the parentheses are tokens of their own.
enum class TokenKind {
  End,
  Identifier,
  Equals,
  DoubleEquals,
  NotEquals,
  Bang,
  Comma,
  OpenParen,
  CloseParen,
  Other
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;
};

bool isSpecial(char c) {
  return c == '!' || c == '=' || c == '>' || c == '<' || c == ',' || c == '(' || c == ')';
}

std::vector<Token> lex(const std::string& text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
    } else if (!isSpecial(c)) {
      std::size_t end = i;
      while (end < text.size() && !isSpecial(text[end]) &&
             std::isspace(static_cast<unsigned char>(text[end])) == 0)
        ++end;
      tokens.push_back({TokenKind::Identifier, text.substr(i, end - i)});
      i = end;
    } else if (text.compare(i, 2, "==") == 0) {
      tokens.push_back({TokenKind::DoubleEquals, "=="});
      i += 2;
    } else if (text.compare(i, 2, "!=") == 0) {
      tokens.push_back({TokenKind::NotEquals, "!="});
      i += 2;
    } else {
      const TokenKind kind = c == '='   ? TokenKind::Equals
                             : c == '!' ? TokenKind::Bang
                             : c == ',' ? TokenKind::Comma
                             : c == '(' ? TokenKind::OpenParen
                             : c == ')' ? TokenKind::CloseParen
                                        : TokenKind::Other;
      tokens.push_back({kind, std::string(1, c)});
      ++i;
    }
  }
  tokens.push_back({TokenKind::End, ""});
  return tokens;
}

/// The value set of `in` and `notin`, from the '(' on, as Parser.parseValues and parseIdentifiersList
/// read it: empty values count ("(a,,b)" holds "", "()" is {""}). Returns nullopt with `why` set on
/// bad syntax; leaves `at` after the ')'.
std::optional<std::set<std::string>> parseValueSet(const std::vector<Token>& tokens, std::size_t& at,
                                                   std::string* why) {
  if (tokens[at].kind != TokenKind::OpenParen) {
    *why = "found '" + tokens[at].text + "' expected: '('";
    return std::nullopt;
  }
  ++at;
  std::set<std::string> values;
  if (tokens[at].kind == TokenKind::CloseParen) {
    ++at;
    return std::set<std::string>{""};
  }
  if (tokens[at].kind != TokenKind::Identifier && tokens[at].kind != TokenKind::Comma) {
    *why = "found '" + tokens[at].text + "', expected: ',', ')' or identifier";
    return std::nullopt;
  }
  while (true) {
    const Token& token = tokens[at++];
    if (token.kind == TokenKind::Identifier) {
      values.insert(token.text);
      if (tokens[at].kind == TokenKind::CloseParen) break;
      if (tokens[at].kind != TokenKind::Comma) {
        *why = "found '" + tokens[at].text + "', expected: ',' or ')'";
        return std::nullopt;
      }
    } else if (token.kind == TokenKind::Comma) {
      if (values.empty()) values.insert("");  // "(,"
      if (tokens[at].kind == TokenKind::CloseParen) {
        values.insert("");  // ",)"
        break;
      }
      if (tokens[at].kind == TokenKind::Comma) {
        ++at;
        values.insert("");  // ",,"
      }
    } else {
      *why = "found '" + token.text + "', expected: ',', or identifier";
      return std::nullopt;
    }
  }
  ++at;  // the ')'
  return values;
}

}  // namespace

std::optional<LabelSelector> LabelSelector::parse(const std::string& text, std::string* error) {
  const std::vector<Token> tokens = lex(text);
  LabelSelector selector;
  std::size_t at = 0;
  const auto fail = [error](const std::string& why) {
    *error = "unable to parse requirement: " + why;
    return std::nullopt;
  };
  if (tokens[at].kind == TokenKind::End) return selector;
  while (true) {
    Requirement requirement;
    if (tokens[at].kind == TokenKind::Bang) {
      ++at;
      if (tokens[at].kind != TokenKind::Identifier)
        return fail("found '" + tokens[at].text + "', expected: identifier after '!'");
      requirement.key = tokens[at++].text;
      requirement.op = Operator::DoesNotExist;
    } else {
      if (tokens[at].kind != TokenKind::Identifier)
        return fail("found '" + tokens[at].text + "', expected: identifier");
      requirement.key = tokens[at++].text;
      const Token& op = tokens[at];
      if (op.kind == TokenKind::End || op.kind == TokenKind::Comma) {
        requirement.op = Operator::Exists;
      } else if (op.kind == TokenKind::Equals || op.kind == TokenKind::DoubleEquals ||
                 op.kind == TokenKind::NotEquals) {
        requirement.op = op.kind == TokenKind::NotEquals ? Operator::NotEquals : Operator::Equals;
        ++at;
        // An exact value may be empty ("k=" selects the label with value "").
        if (tokens[at].kind == TokenKind::Identifier) {
          requirement.values = {tokens[at++].text};
        } else if (tokens[at].kind != TokenKind::End && tokens[at].kind != TokenKind::Comma) {
          return fail("found '" + tokens[at].text + "', expected: identifier for value");
        } else {
          requirement.values = {""};
        }
      } else if (op.kind == TokenKind::Identifier && (op.text == "in" || op.text == "notin")) {
        requirement.op = op.text == "in" ? Operator::In : Operator::NotIn;
        ++at;
        std::string why;
        auto values = parseValueSet(tokens, at, &why);
        if (!values) return fail(why);
        requirement.values = std::move(*values);
      } else if (op.kind == TokenKind::Identifier && (op.text == "gt" || op.text == "lt")) {
        return fail("the fixture does not support the operator '" + op.text + "'");
      } else {
        return fail("found '" + op.text + "', expected: in, notin, =, ==, !=, gt, lt");
      }
    }
    selector.requirements_.push_back(std::move(requirement));
    if (tokens[at].kind == TokenKind::End) return selector;
    if (tokens[at].kind != TokenKind::Comma) {
      // Parser.parse reports this one itself, not as a requirement's error.
      *error = "found '" + tokens[at].text + "', expected: ',' or 'end of string'";
      return std::nullopt;
    }
    ++at;
  }
}

bool LabelSelector::matches(const nlohmann::json& object) const {
  static const nlohmann::json kNoLabels = nlohmann::json::object();
  const nlohmann::json::json_pointer pointer("/metadata/labels");
  const nlohmann::json& labels =
      object.contains(pointer) && object.at(pointer).is_object() ? object.at(pointer) : kNoLabels;
  for (const Requirement& requirement : requirements_) {
    const auto label = labels.find(requirement.key);
    const bool present = label != labels.end() && label->is_string();
    switch (requirement.op) {
      case Operator::Exists:
        if (!present) return false;
        break;
      case Operator::DoesNotExist:
        if (present) return false;
        break;
      case Operator::Equals:
      case Operator::In:
        if (!present || requirement.values.count(label->get<std::string>()) == 0) return false;
        break;
      case Operator::NotEquals:
      case Operator::NotIn:
        if (present && requirement.values.count(label->get<std::string>()) != 0) return false;
        break;
    }
  }
  return true;
}

}  // namespace lecter::testing
