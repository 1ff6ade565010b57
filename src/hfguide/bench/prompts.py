"""The prompt a language model answers: the question with lettered choices, and the start of the
answer written into the assistant's turn so that the option letter is the next word."""

from __future__ import annotations

from hfguide.bench.questions import LETTERS, Question

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


def chat_messages(question: Question) -> list[dict[str, str]]:
    """The chat a model answers: the question as the user, the answer's start as the assistant.

    Pass it to a chat template or the text-generation pipeline with
    ``continue_final_message=True`` so the model continues the assistant's message, whose next
    word is the option letter.

    Args:
        question: The question and its choices.

    Returns:
        Two messages: ``question_text(question)`` from the user and ``ANSWER_PREFIX`` from the
        assistant.
    """
    return [
        {"role": "user", "content": question_text(question)},
        {"role": "assistant", "content": ANSWER_PREFIX},
    ]
