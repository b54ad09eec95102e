<?php

/*
 * Reads PHP file paths (one per line) on stdin and prints, as JSON, every call of a function that
 * runs code or commands. The tokenizer, unlike a regex, skips comments and strings and tells
 * exec() from $pdo->exec().
 */

declare(strict_types=1);

$risky = ['eval', 'exec', 'shell_exec', 'system', 'passthru', 'popen', 'proc_open', 'pcntl_exec', 'unserialize'];
$skipBefore = [T_OBJECT_OPERATOR, T_NULLSAFE_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION, T_NEW, T_CONST];
$found = [];

foreach (preg_split('/\R/', trim((string) stream_get_contents(STDIN))) as $file) {
    if ($file === '' || ! is_file($file)) {
        continue;
    }
    $tokens = token_get_all((string) file_get_contents($file));
    $count = count($tokens);
    $line = 1;
    $inBacktick = false;
    $prev = null;
    for ($i = 0; $i < $count; $i++) {
        $token = $tokens[$i];
        if (is_array($token)) {
            $line = $token[2];
        }
        $name = null;
        if (is_array($token) && $token[0] === T_EVAL) {
            $name = 'eval';
        } elseif ($token === '`') {
            $inBacktick = ! $inBacktick;
            if ($inBacktick) {
                $found[] = ['file' => $file, 'line' => $line, 'call' => 'backtick', 'args' => ''];
            }
        } elseif (is_array($token) && in_array($token[0], [T_STRING, T_NAME_FULLY_QUALIFIED], true)) {
            $candidate = strtolower(ltrim($token[1], '\\'));
            $isMember = is_array($prev) && in_array($prev[0], $skipBefore, true);
            if (in_array($candidate, $risky, true) && ! $isMember) {
                $name = $candidate;
            }
        }
        if ($name !== null) {
            $j = $i + 1;
            while ($j < $count && is_array($tokens[$j]) && in_array($tokens[$j][0], [T_WHITESPACE, T_COMMENT], true)) {
                $j++;
            }
            if ($j < $count && $tokens[$j] === '(') {
                $depth = 0;
                $args = '';
                for ($k = $j; $k < $count; $k++) {
                    $text = is_array($tokens[$k]) ? $tokens[$k][1] : $tokens[$k];
                    $depth += $text === '(' ? 1 : ($text === ')' ? -1 : 0);
                    $args .= $text;
                    if ($depth === 0) {
                        break;
                    }
                }
                $found[] = ['file' => $file, 'line' => $line, 'call' => $name, 'args' => substr($args, 0, 300)];
            }
        }
        if (is_array($token)) {
            $line += substr_count($token[1], "\n");
            if (! in_array($token[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)) {
                $prev = $token;
            }
        } else {
            $prev = $token;
        }
    }
}

echo json_encode($found, JSON_UNESCAPED_SLASHES), "\n";
