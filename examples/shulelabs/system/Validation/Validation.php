<?php

declare(strict_types=1);

namespace CodeIgniter\Validation;

use CodeIgniter\Validation\Exceptions\ValidationException;

/**
 * CI4's validator: rules as "required|max_length[50]" strings (or ['rules' => ..., 'label' => ...,
 * 'errors' => [...]]), {field} placeholders filled from the data, one error per field.
 */
class Validation
{
    /** @var array<string, array{rules: list<string>, label: string, errors: array<string, string>}> */
    protected array $rules = [];
    /** @var array<string, string> */
    protected array $errors = [];
    protected Rules $ruleSet;

    public function __construct(?Rules $ruleSet = null)
    {
        $this->ruleSet = $ruleSet ?? new Rules();
    }

    /**
     * @param array<string, mixed> $rules
     * @param array<string, array<string, string>> $messages
     */
    public function setRules(array $rules, array $messages = []): static
    {
        $this->rules = [];
        foreach ($rules as $field => $spec) {
            $spec = is_array($spec) && isset($spec['rules']) ? $spec : ['rules' => $spec];
            $list = is_array($spec['rules']) ? $spec['rules'] : $this->splitRules((string) $spec['rules']);
            $this->rules[(string) $field] = [
                'rules' => array_values($list),
                'label' => (string) ($spec['label'] ?? $field),
                'errors' => array_merge($messages[$field] ?? [], $spec['errors'] ?? []),
            ];
        }
        return $this;
    }

    /**
     * @return array<string, array{rules: list<string>, label: string, errors: array<string, string>}>
     */
    public function getRules(): array
    {
        return $this->rules;
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
            $rules = $spec['rules'];
            if (in_array('permit_empty', $rules, true) && ($value === null || $value === '' || $value === [])) {
                continue;
            }
            foreach ($rules as $rule) {
                $rule = $this->fillPlaceholders($rule, $data);
                [$name, $param] = preg_match('/^([a-z_]+)\[(.*)\]$/s', $rule, $m) ? [$m[1], $m[2]] : [$rule, null];
                if ($name === 'permit_empty') {
                    continue;
                }
                if (! method_exists($this->ruleSet, $name)) {
                    throw ValidationException::forRuleNotFound($name);
                }
                if (! $this->ruleSet->{$name}($value, $param, $data)) {
                    $this->errors[$field] = $this->message($name, $spec, $param, $value);
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

    public function getError(?string $field = null): string
    {
        return $field === null ? (string) (array_values($this->errors)[0] ?? '') : ($this->errors[$field] ?? '');
    }

    public function hasError(string $field): bool
    {
        return isset($this->errors[$field]);
    }

    public function reset(): static
    {
        $this->rules = [];
        $this->errors = [];
        return $this;
    }

    /**
     * @return list<string>
     */
    protected function splitRules(string $rules): array
    {
        // A pipe inside [...] (a regex_match pattern) belongs to the parameter, not a separator.
        $parts = [''];
        $depth = 0;
        foreach (str_split($rules) as $char) {
            $depth += $char === '[' ? 1 : ($char === ']' ? -1 : 0);
            if ($char === '|' && $depth <= 0) {
                $parts[] = '';
                continue;
            }
            $parts[count($parts) - 1] .= $char;
        }
        return array_values(array_filter(array_map('trim', $parts), static fn (string $r): bool => $r !== ''));
    }

    /**
     * @param array<string, mixed> $data
     */
    protected function fillPlaceholders(string $rule, array $data): string
    {
        return (string) preg_replace_callback('/\{(\w+)\}/', static function (array $m) use ($data): string {
            $value = $data[$m[1]] ?? null;
            return is_scalar($value) ? (string) $value : $m[0];
        }, $rule);
    }

    /**
     * @param array{rules: list<string>, label: string, errors: array<string, string>} $spec
     */
    protected function message(string $rule, array $spec, ?string $param, mixed $value): string
    {
        $template = $spec['errors'][$rule] ?? Rules::MESSAGES[$rule] ?? 'The {field} field is invalid.';
        $shown = is_scalar($value) ? (string) $value : '';
        return strtr($template, ['{field}' => $spec['label'], '{param}' => (string) $param, '{value}' => $shown]);
    }
}
