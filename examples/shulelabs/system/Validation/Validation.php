<?php

declare(strict_types=1);

namespace CodeIgniter\Validation;

use CodeIgniter\Validation\Exceptions\ValidationException;
use Config\Database;
use DateTime;

/**
 * CI4's validator with the rules listed in MESSAGES (CI4's names, parameters and English messages):
 * rules as "required|max_length[50]" strings (or ['rules' => ..., 'label' => ..., 'errors' => [...]]),
 * {field} placeholders in parameters filled from the data, one error per field.
 */
class Validation
{
    public const MESSAGES = [
        'required' => 'The {field} field is required.',
        'max_length' => 'The {field} field cannot exceed {param} characters in length.',
        'min_length' => 'The {field} field must be at least {param} characters in length.',
        'exact_length' => 'The {field} field must be exactly {param} characters in length.',
        'valid_email' => 'The {field} field must contain a valid email address.',
        'in_list' => 'The {field} field must be one of: {param}.',
        'integer' => 'The {field} field must contain an integer.',
        'numeric' => 'The {field} field must contain only numbers.',
        'decimal' => 'The {field} field must contain a decimal number.',
        'is_natural' => 'The {field} field must only contain digits.',
        'is_natural_no_zero' => 'The {field} field must only contain digits and must be greater than zero.',
        'valid_date' => 'The {field} field must contain a valid date.',
        'alpha' => 'The {field} field may only contain alphabetical characters.',
        'alpha_space' => 'The {field} field may only contain alphabetical characters and spaces.',
        'alpha_numeric' => 'The {field} field may only contain alphanumeric characters.',
        'alpha_numeric_space' => 'The {field} field may only contain alphanumeric and space characters.',
        'regex_match' => 'The {field} field is not in the correct format.',
        'is_unique' => 'The {field} field must contain a unique value.',
        'is_not_unique' => 'The {field} field may only contain a previously existing value in the database.',
        'greater_than' => 'The {field} field must contain a number greater than {param}.',
        'greater_than_equal_to' => 'The {field} field must contain a number greater than or equal to {param}.',
        'less_than' => 'The {field} field must contain a number less than {param}.',
        'less_than_equal_to' => 'The {field} field must contain a number less than or equal to {param}.',
    ];

    /** @var array<string, array{rules: list<string>, label: string, errors: array<string, string>}> */
    protected array $rules = [];
    /** @var array<string, string> */
    protected array $errors = [];

    /**
     * @param array<string, mixed> $rules
     * @param array<string, array<string, string>> $messages
     */
    public function setRules(array $rules, array $messages = []): static
    {
        $this->rules = [];
        foreach ($rules as $field => $spec) {
            $spec = is_array($spec) && isset($spec['rules']) ? $spec : ['rules' => $spec];
            $this->rules[(string) $field] = [
                'rules' => is_array($spec['rules']) ? array_values($spec['rules']) : $this->splitRules((string) $spec['rules']),
                'label' => (string) ($spec['label'] ?? $field),
                'errors' => array_merge($messages[$field] ?? [], $spec['errors'] ?? []),
            ];
        }
        return $this;
    }

    /**
     * @param array<string, mixed>|null $data
     */
    public function run(?array $data = null, ?string $group = null, ?string $dbGroup = null): bool
    {
        $data ??= [];
        $this->errors = [];
        foreach ($this->rules as $field => $spec) {
            $value = $data[$field] ?? null;
            if (in_array('permit_empty', $spec['rules'], true) && in_array($value, [null, '', []], true)) {
                continue;
            }
            foreach (array_diff($spec['rules'], ['permit_empty']) as $rule) {
                // {id} and the like in a parameter take the value of that field.
                $rule = (string) preg_replace_callback(
                    '/\{(\w+)\}/',
                    static fn (array $m): string => is_scalar($data[$m[1]] ?? null) ? (string) $data[$m[1]] : $m[0],
                    $rule
                );
                [$name, $param] = preg_match('/^([a-z_]+)\[(.*)\]$/s', $rule, $m) ? [$m[1], $m[2]] : [$rule, null];
                if (! $this->passes($name, $value, $param)) {
                    $template = $spec['errors'][$name] ?? self::MESSAGES[$name];
                    $shown = is_scalar($value) ? (string) $value : '';
                    $this->errors[$field] = strtr($template, ['{field}' => $spec['label'], '{param}' => (string) $param, '{value}' => $shown]);
                    break;
                }
            }
        }
        return $this->errors === [];
    }

    /**
     * @return array<string, string>
     */
    public function getErrors(): array
    {
        return $this->errors;
    }

    protected function passes(string $rule, mixed $value, ?string $param): bool
    {
        $number = is_int($value) || is_float($value) || is_string($value);
        return match ($rule) {
            'required' => is_array($value) ? $value !== [] : trim((string) $value) !== '',
            'max_length' => (is_scalar($value) || $value === null) && mb_strlen((string) $value) <= (int) $param,
            'min_length' => (is_scalar($value) || $value === null) && mb_strlen((string) $value) >= (int) $param,
            'exact_length' => is_scalar($value) && mb_strlen((string) $value) === (int) $param,
            'valid_email' => is_string($value) && filter_var($value, FILTER_VALIDATE_EMAIL) !== false,
            'in_list' => is_scalar($value) && in_array((string) $value, array_map('trim', explode(',', (string) $param)), true),
            'integer' => is_int($value) || (is_string($value) && preg_match('/^[\-+]?\d+$/', $value) === 1),
            'numeric', 'decimal' => $number && preg_match('/^[\-+]?\d*\.?\d+$/', (string) $value) === 1,
            'is_natural' => (is_int($value) || is_string($value)) && ctype_digit((string) $value),
            'is_natural_no_zero' => (is_int($value) || is_string($value)) && ctype_digit((string) $value) && (int) $value > 0,
            'valid_date' => is_string($value) && $value !== '' && $this->validDate($value, $param),
            'alpha' => is_string($value) && ctype_alpha($value),
            'alpha_space' => is_string($value) && preg_match('/^[A-Z ]+$/i', $value) === 1,
            'alpha_numeric' => is_scalar($value) && ctype_alnum((string) $value),
            'alpha_numeric_space' => is_scalar($value) && preg_match('/^[A-Z0-9 ]+$/i', (string) $value) === 1,
            'regex_match' => is_scalar($value) && preg_match((string) $param, (string) $value) === 1,
            'is_unique' => $this->countMatches($value, (string) $param, '!=') === 0,
            'is_not_unique' => $this->countMatches($value, (string) $param, '=') > 0,
            'greater_than' => is_numeric($value) && $value > (float) $param,
            'greater_than_equal_to' => is_numeric($value) && $value >= (float) $param,
            'less_than' => is_numeric($value) && $value < (float) $param,
            'less_than_equal_to' => is_numeric($value) && $value <= (float) $param,
            default => throw new ValidationException("{$rule} is not a valid rule; see the rules of system/Validation/Validation.php."),
        };
    }

    /** With a format (valid_date[Y-m-d]) the value must be exactly a date in it, else anything strtotime() reads. */
    protected function validDate(string $value, ?string $format): bool
    {
        if ($format === null || $format === '') {
            return strtotime($value) !== false;
        }
        $date = DateTime::createFromFormat('!' . $format, $value);
        return $date !== false && $date->format($format) === $value;
    }

    /** Rows of is_unique[table.field,ignore_field,ignore_value] / is_not_unique[table.field,where_field,where_value]. */
    protected function countMatches(mixed $value, string $param, string $operator): int
    {
        $args = array_map('trim', explode(',', $param));
        [$table, $field] = explode('.', $args[0], 2) + [1 => 'id'];
        $db = Database::connect();
        $sql = "SELECT COUNT(*) AS n FROM {$db->protectIdentifiers($table, true)} WHERE {$db->escapeIdentifiers($field)} = ?";
        $binds = [is_scalar($value) ? (string) $value : ''];
        if (isset($args[1], $args[2]) && $args[1] !== '' && ! preg_match('/^\{\w+\}$/', $args[2])) {
            $sql .= " AND {$db->escapeIdentifiers($args[1])} {$operator} ?";
            $binds[] = $args[2];
        }
        return (int) ($db->query($sql, $binds)->getRowArray()['n'] ?? 0);
    }

    /**
     * "a|regex_match[/x|y/]|b" -> [a, regex_match[/x|y/], b]: a pipe inside [...] belongs to the parameter.
     *
     * @return list<string>
     */
    protected function splitRules(string $rules): array
    {
        $parts = [''];
        $depth = 0;
        foreach (str_split($rules) as $char) {
            $depth += $char === '[' ? 1 : ($char === ']' ? -1 : 0);
            if ($char === '|' && $depth <= 0) {
                $parts[] = '';
            } else {
                $parts[count($parts) - 1] .= $char;
            }
        }
        return array_values(array_filter(array_map('trim', $parts), static fn (string $r): bool => $r !== ''));
    }
}
