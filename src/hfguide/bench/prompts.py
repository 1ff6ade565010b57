"""The prompt a language model answers: the question with lettered choices, and the start of the
answer written into the assistant's turn so that the option letter is the next word; worked
examples (shots) before it, answered the same way, when asked for.

Two styles: ``chat`` (the messages through the model's chat template) and ``plain`` (the same
words without a template, for base models or by choice)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hfguide.bench.questions import LETTERS, Question

#: The prompt styles: the model's chat template, or the same words as plain text.
PROMPT_STYLES = ("chat", "plain")

#: The start of the answer, written into the assistant's turn before the model continues: the
#: option letter is then the next word, both for letter scoring and for a generate loop.
ANSWER_PREFIX = "The correct answer is option ("


def question_text(question: Question) -> str:
    """The question with its lettered choices and the instruction to answer with a letter.

    This is the user's message to a chat model, for the letter scoring and for a generate loop.

    Args:
        question: The question and its choices.

    Returns:
        The question, one ``A. choice`` line per choice and the instruction, joined by newlines.
    """
    letters = LETTERS[: len(question.choices)]
    lines = [question.question.strip()]
    lines += [f"{letter}. {choice.strip()}" for letter, choice in zip(letters, question.choices)]
    lines.append(f"Answer with the letter of the correct option ({', '.join(letters)}) only.")
    return "\n".join(lines)


def answered(question: Question) -> str:
    """A worked example's answer: ``ANSWER_PREFIX`` completed with the right letter."""
    return f"{ANSWER_PREFIX}{LETTERS[question.answer]})."


def chat_messages(question: Question, shots: Sequence[Question] = ()) -> list[dict[str, str]]:
    """The chat a model answers: the question as the user, the answer's start as the assistant.

    Pass it to a chat template or the text-generation pipeline with
    ``continue_final_message=True`` so the model continues the assistant's message, whose next
    word is the option letter.

    Args:
        question: The question and its choices.
        shots: Worked examples, each a user turn with its question and an assistant turn with
            its answer (``answered``), before the question.

    Returns:
        Two messages per shot, then ``question_text(question)`` from the user and
        ``ANSWER_PREFIX`` from the assistant.
    """
    messages = []
    for shot in shots:
        messages.append({"role": "user", "content": question_text(shot)})
        messages.append({"role": "assistant", "content": answered(shot)})
    return [
        *messages,
        {"role": "user", "content": question_text(question)},
        {"role": "assistant", "content": ANSWER_PREFIX},
    ]


def plain_prompt(question: Question, shots: Sequence[Question] = ()) -> str:
    """The same words without a chat template: each shot answered, then the question.

    Args:
        question: The question and its choices.
        shots: Worked examples before it.

    Returns:
        Each shot's ``question_text`` and answer followed by a blank line, then the question's
        text and ``ANSWER_PREFIX`` on its own line.
    """
    examples = "".join(f"{question_text(s)}\n{answered(s)}\n\n" for s in shots)
    return f"{examples}{question_text(question)}\n{ANSWER_PREFIX}"


def prompt_text(
    tokenizer: Any, question: Question, style: str = "chat", shots: Sequence[Question] = ()
) -> str:
    """The whole text a causal language model reads for a question, in a prompt style.

    Args:
        tokenizer: The model's tokenizer (its chat template for the ``chat`` style).
        question: The question and its choices.
        style: ``chat`` (``chat_messages`` through the chat template, the assistant's message
            left open, as the text-generation pipeline builds it with
            ``continue_final_message=True``) or ``plain`` (``plain_prompt``).
        shots: Worked examples before the question.

    Returns:
        The prompt, ending where the option letter comes.
    """
    if style == "chat":
        return tokenizer.apply_chat_template(
            chat_messages(question, shots), tokenize=False, continue_final_message=True
        )
    return plain_prompt(question, shots)
